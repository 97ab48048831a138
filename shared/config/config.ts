import type { Area, Config, Unit } from "./schema.ts";

/**
 * The configuration as every function reads it: its types and the questions the code asks of it. Nothing here
 * loads zod; the configuration was checked once, by the seed (`parse.ts`), before it was stored.
 */
export type { Agency, Area, Category, Config, EventConfig, Unit } from "./schema.ts";

/** Questions the code asks of the configuration. Levels are never named: the tree's shape decides. */
export function configHelpers(config: Config) {
  const areas = new Map(config.areas.map((a) => [a.id, a]));
  const parents = new Set(config.areas.map((a) => a.parent).filter((p): p is string => p !== null));
  /** Communes are the leaves of the area tree: where people live and petitions arise. */
  const communes = config.areas.filter((a) => !parents.has(a.id));
  const unitsByArea = new Map<string, Unit[]>();
  for (const unit of config.womensUnion.units) {
    unitsByArea.set(unit.area, [...(unitsByArea.get(unit.area) ?? []), unit]);
  }
  const withRole = (areaId: string, role: "screener" | "approver") =>
    unitsByArea.get(areaId)?.find((u) => u.staff.some((s) => s.role === role));

  function ancestors(areaId: string): Area[] {
    const out: Area[] = [];
    for (let a = areas.get(areaId); a?.parent; a = areas.get(a.parent)) {
      const parent = areas.get(a.parent);
      if (!parent || out.includes(parent)) break;
      out.push(parent);
    }
    return out;
  }

  return {
    communes,
    area: (areaId: string) => areas.get(areaId),
    ancestors,
    /** The union unit of the commune itself screens its petitions. */
    screeningUnit: (communeId: string) => withRole(communeId, "screener"),
    /** The nearest unit above the commune that has an approver. */
    approvingUnit: (communeId: string) =>
      ancestors(communeId)
        .map((a) => withRole(a.id, "approver"))
        .find((u) => u !== undefined),
    /** The units with an approver above an area, nearest first: the chain a late step climbs. */
    approvingUnitsAbove: (areaId: string) =>
      ancestors(areaId)
        .map((a) => withRole(a.id, "approver"))
        .filter((u) => u !== undefined),
    unit: (unitId: string) => config.womensUnion.units.find((u) => u.id === unitId),
  };
}

export type ConfigHelpers = ReturnType<typeof configHelpers>;
