// Where events happen, as data: approximate country centroids (for logins, located by their
// reported country) and the stores whose location is known (for charges). A store missing from the
// table simply gives no place; a production deployment would load this table from the merchant
// registry. Coordinates are geographic degrees, not money: plain numbers are right here.
export type Place = Readonly<{ latitude: number; longitude: number; label: string }>;

const countryCentroids: Readonly<Record<string, readonly [number, number]>> = {
  JP: [36.2, 138.25], CN: [35.86, 104.2], KR: [35.91, 127.77], TW: [23.7, 120.96], HK: [22.32, 114.17],
  SG: [1.35, 103.82], TH: [15.87, 100.99], VN: [14.06, 108.28], PH: [12.88, 121.77], ID: [-0.79, 113.92],
  MY: [4.21, 101.98], IN: [20.59, 78.96], RU: [61.52, 105.32], AU: [-25.27, 133.78], NZ: [-40.9, 174.89],
  US: [37.09, -95.71], CA: [56.13, -106.35], MX: [23.63, -102.55], BR: [-14.24, -51.93], GB: [55.38, -3.44],
  FR: [46.23, 2.21], DE: [51.17, 10.45], NL: [52.13, 5.29], IT: [41.87, 12.57], ES: [40.46, -3.75],
  NG: [9.08, 8.68], ZA: [-30.56, 22.94], AE: [23.42, 53.85], TR: [38.96, 35.24], UA: [48.38, 31.17],
};

const storeLocations: Readonly<Record<string, readonly [number, number]>> = {
  'store-tokyo-shibuya': [35.658, 139.7016],
  'store-tokyo-shinjuku': [35.6896, 139.7006],
  'store-tokyo-ikebukuro': [35.7295, 139.7109],
  'store-osaka-umeda': [34.7025, 135.4959],
  'store-nagoya-sakae': [35.1709, 136.9084],
  'store-fukuoka-tenjin': [33.5902, 130.3983],
  'store-sapporo-odori': [43.0606, 141.3545],
  'store-naha-kokusai': [26.2155, 127.6853],
};

export const countryPlace = (country: string): Place | undefined => {
  const centroid = countryCentroids[country];
  return centroid === undefined ? undefined : { latitude: centroid[0], longitude: centroid[1], label: `country ${country}` };
};

export const storePlace = (storeId: string): Place | undefined => {
  const location = storeLocations[storeId];
  return location === undefined ? undefined : { latitude: location[0], longitude: location[1], label: `store ${storeId}` };
};

const earthRadiusKm = 6371.0088;
const radians = (degrees: number): number => (degrees * Math.PI) / 180;

// Great-circle distance (haversine).
export const distanceKm = (a: Place, b: Place): number => {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
};
