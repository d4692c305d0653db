module.exports = require('@fleet/eslint-config');
