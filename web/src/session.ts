export interface Me {
  user: { name: string; role: string };
  role_label: string;
  csrf_token: string;
}

export const session: { me: Me | null } = { me: null };

export function role(): string {
  return session.me?.user.role || "";
}

export function isPolice(): boolean {
  return ["admin", "supervisor", "analyst", "safeguarding"].includes(role());
}
