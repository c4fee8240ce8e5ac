// strip-bom 5 is ESM-only; office-addin-mock (through office-addin-manifest) requires it, which
// jest's CommonJS loader on Node 20 cannot do. The same one-line function, as CommonJS.
module.exports = (text) => (typeof text === 'string' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
module.exports.default = module.exports;
