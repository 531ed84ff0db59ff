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
};

export function nodeColour(type: string, role?: string | null, safeguarding?: boolean): string {
  if (safeguarding) return "#f4b400";
  if (role && ROLE_COLOURS[role]) return ROLE_COLOURS[role];
  return TYPE_COLOURS[type] || "#9aa5b1";
}
