// Colours by role (phones and people) and by entity type; used by the chart and legend.
export const ROLE_COLOURS: Record<string, string> = {
  deal_line: "#d7263d",
  line: "#d7263d",
  controller: "#7b2cbf",
  runner: "#f18f01",
  trap: "#8d6e63",
  trap_occupant: "#8d6e63",
  cuckooed: "#8d6e63",
  customer: "#5c9ead",
  associate: "#4a7c59",
  other: "#9aa5b1",
  none: "#9aa5b1",
};

export const TYPE_COLOURS: Record<string, string> = {
  person: "#2f6fb3",
  phone: "#9aa5b1",
  address: "#6d8b74",
  line: "#d7263d",
  handset: "#b0a8b9",
  vehicle: "#3d5a80",
  event: "#c05621",
  group: "#455a64",
  note: "#c9a227",
};

export const LINK_COLOURS: Record<string, string> = {
  call: "#b7c3d0",
  shared_imei: "#e07a5f",
  shared_imsi: "#e07a5f",
  continuity: "#d7263d",
  uses: "#2f6fb3",
  lives_at: "#6d8b74",
  line_number: "#d7263d",
  line_role: "#7b2cbf",
  trap_house: "#8d6e63",
  handset: "#b0a8b9",
  note: "#c9a227",
};

/** Relationships from the input contract (v2), each with its own colour in the legend. */
export const RELATIONSHIP_COLOURS: Record<string, string> = {
  knows: "#1b9e77",
  family: "#e7298a",
  lives_with: "#66a61e",
  associate: "#7570b3",
  social_media: "#17becf",
  phone_contact: "#a6761d",
  owns: "#3d5a80",
  drives: "#3d5a80",
  party_to: "#c05621",
  suspect_in: "#b91c1c",
  victim_in: "#d97706",
  witness_to: "#0f766e",
  employed_by: "#6b7280",
};

const SPARE = ["#8c564b", "#bcbd22", "#9467bd", "#2ca02c", "#ff7f0e", "#1f77b4"];

/** A link's colour: its own if known, else a stable colour from its type's name. */
export function linkColour(type: string): string {
  const known = LINK_COLOURS[type] || RELATIONSHIP_COLOURS[type];
  if (known) return known;
  let hash = 0;
  for (const c of type) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return SPARE[hash % SPARE.length];
}

/** Whether a link type is a relationship (drawn dashed in the legend, filtered as a family). */
export function isRelationship(type: string): boolean {
  return !(type in LINK_COLOURS);
}

export function nodeColour(type: string, role?: string | null, safeguarding?: boolean): string {
  if (safeguarding) return "#f4b400";
  if (role && ROLE_COLOURS[role]) return ROLE_COLOURS[role];
  return TYPE_COLOURS[type] || "#9aa5b1";
}
