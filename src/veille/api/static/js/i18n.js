// Interface language: French or English. Strings live in /static/i18n/<lang>.json (data, not
// code). The choice is the user's last one (localStorage), else the browser's language.
export const LANGS = ["fr", "en"];
const STORE_KEY = "veille.lang";
let strings = {};
let current = "fr";

export function preferredLang() {
  try {
    const saved = localStorage.getItem(STORE_KEY);
    if (LANGS.includes(saved)) return saved;
  } catch {
    // storage refused: fall back to the browser's language
  }
  const nav = (navigator.languages && navigator.languages[0]) || navigator.language || "en";
  return nav.toLowerCase().startsWith("fr") ? "fr" : "en";
}

export async function loadLang(lang) {
  const res = await fetch(`/static/i18n/${lang}.json`);
  if (!res.ok) throw new Error(`i18n ${lang}: HTTP ${res.status}`);
  strings = await res.json();
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORE_KEY, lang);
  } catch {
    // not kept: fine
  }
}

export function lang() {
  return current;
}

export function locale() {
  return current === "fr" ? "fr-FR" : "en-GB";
}

// The string for a dotted key ("grade.weak.label"), with {name} placeholders filled.
export function t(key, vars = {}) {
  let value = key.split(".").reduce((node, part) => (node && typeof node === "object" ? node[part] : undefined), strings);
  if (typeof value !== "string") value = key;
  return value.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

// Translate the static markup: data-i18n (text), data-i18n-placeholder, -title, -aria-label.
export function applyStatic(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const [attr, name] of [["i18nPlaceholder", "placeholder"], ["i18nTitle", "title"], ["i18nAriaLabel", "aria-label"]]) {
    for (const el of root.querySelectorAll(`[data-${attr.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}]`)) {
      el.setAttribute(name, t(el.dataset[attr]));
    }
  }
  document.title = t("page.title");
}
