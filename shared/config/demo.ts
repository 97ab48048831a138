import demo from "./lam-binh-demo.json" with { type: "json" };
import { parseConfig } from "./parse.ts";

/** The demo district (Lâm Bình, Tuyên Quang) that `npm start` and the tests load. */
export function demoConfig() {
  return parseConfig(demo);
}
