module.exports = require('@fleet/jest-config').createJestConfig(__dirname);
