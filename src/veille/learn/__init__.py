"""Training the learned decisions from annotated corpora (``make train`` / ``veille train``).

Reads gold files in the guide's shape, runs the rules to get candidates, labels each candidate
from the gold, fits small scikit-learn models with cross-validation and writes them into the
package (``veille/extract/models/``). Never trains on the blind split.
"""
