import type { ServerRole } from "../../api/types";

export const ROLE_NAMES: Record<ServerRole, string> = { guest: "Guest", member: "Member", moderator: "Moderator", admin: "Admin", owner: "Owner" };
