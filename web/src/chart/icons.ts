// Pictograms drawn inside each node, one per entity type (bundled SVG, no network).
const PATHS: Record<string, string> = {
  person: '<circle cx="12" cy="7" r="4.2"/><path d="M3.5 21c0-4.7 3.8-8 8.5-8s8.5 3.3 8.5 8z"/>',
  phone: '<rect x="7" y="2" width="10" height="20" rx="2"/><rect x="9" y="4.5" width="6" height="11" fill="#000" fill-opacity=".35"/>',
  line: '<path d="M13 2 4 14h6l-1 8 9-12h-6z"/>',
  address: '<path d="M12 3 2 12h3v9h5v-6h4v6h5v-9h3z"/>',
  vehicle: '<path d="M5 11l2-5h10l2 5h1.5v6H19a2 2 0 0 1-4 0H9a2 2 0 0 1-4 0H3.5v-6z"/>',
  handset: '<rect x="5" y="5" width="14" height="14" rx="1.5"/><path d="M8 2v3M12 2v3M16 2v3M8 19v3M12 19v3M16 19v3"/>',
  group: '<circle cx="7" cy="9" r="3.5"/><circle cx="17" cy="9" r="3.5"/><circle cx="12" cy="16" r="3.5"/>',
  note: '<path d="M5 3h10l4 4v14H5z"/><path d="M8 11h8M8 14h8M8 17h5" stroke="#000" stroke-opacity=".4" stroke-width="1.4"/>',
  event: '<path d="M12 2l2.9 6.3 6.9.8-5.1 4.7 1.4 6.8L12 17.2l-6.1 3.4 1.4-6.8L2.2 9.1l6.9-.8z"/>',
  other: '<path d="M12 2l10 10-10 10L2 12z"/>',
};

const cache = new Map<string, string>();

/** A data: URL of the white pictogram for an entity type (unknown types get a diamond). */
export function iconFor(type: string): string {
  const key = PATHS[type] ? type : "other";
  let url = cache.get(key);
  if (!url) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="48" height="48" fill="#fff" stroke="#fff" stroke-width="0">${PATHS[key]}</svg>`;
    url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
    cache.set(key, url);
  }
  return url;
}

/** The raw SVG markup of a pictogram (for the SVG export). */
export function iconMarkup(type: string): string {
  return PATHS[type] || PATHS.other;
}

export const ICON_TYPES = Object.keys(PATHS).filter((t) => t !== "other");
