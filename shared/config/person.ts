/** What a person may say of herself on any form: registrations and petitions read these from here. */
export const GENDERS = ["female", "male", "other"] as const;
export type Gender = (typeof GENDERS)[number];
