import { parseConfig } from "./config.ts";
import demo from "./lam-binh-demo.json" with { type: "json" };

/** The demo district (Lâm Bình, Tuyên Quang) that `npm start` and the tests load. */
export function demoConfig() {
  return parseConfig(demo);
}
