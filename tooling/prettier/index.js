/** Shared Prettier settings for every @fleet package. */
module.exports = {
  printWidth: 100,
  singleQuote: true,
  trailingComma: 'all',
};
