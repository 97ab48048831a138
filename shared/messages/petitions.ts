import type { ByLang } from "./catalogue.ts";
import * as en from "./en/petitions.ts";
import * as vi from "./vi/petitions.ts";

export const petitionFormText: ByLang<typeof vi.petitionForm> = { vi: vi.petitionForm, en: en.petitionForm };
export const intakeFormText: ByLang<typeof vi.intakeForm> = { vi: vi.intakeForm, en: en.intakeForm };
export const submittedText: ByLang<typeof vi.submitted> = { vi: vi.submitted, en: en.submitted };
export const submitProblemText: ByLang<typeof vi.submitProblems> = { vi: vi.submitProblems, en: en.submitProblems };
export const petitionFactsText: ByLang<typeof vi.petitionFacts> = { vi: vi.petitionFacts, en: en.petitionFacts };
export const petitionStatusText: ByLang<typeof vi.petitionStatus> = { vi: vi.petitionStatus, en: en.petitionStatus };
export const lookupText: ByLang<typeof vi.lookup> = { vi: vi.lookup, en: en.lookup };
export const petitionLinkText: ByLang<typeof vi.petitionLink> = { vi: vi.petitionLink, en: en.petitionLink };
export const sessionChoiceText: ByLang<typeof vi.sessionChoice> = { vi: vi.sessionChoice, en: en.sessionChoice };
export const actionFieldsText: ByLang<typeof vi.actionFields> = { vi: vi.actionFields, en: en.actionFields };
export const actionProblemText: ByLang<typeof vi.actionProblems> = { vi: vi.actionProblems, en: en.actionProblems };
export const notAllowedText: ByLang<typeof vi.notAllowed> = { vi: vi.notAllowed, en: en.notAllowed };
export const actedText: ByLang<typeof vi.acted> = { vi: vi.acted, en: en.acted };
export const stepDoneText: ByLang<typeof vi.stepDone> = { vi: vi.stepDone, en: en.stepDone };
export const actorText: ByLang<typeof vi.actors> = { vi: vi.actors, en: en.actors };
export const stateText: ByLang<typeof vi.states> = { vi: vi.states, en: en.states };
export const actionText: ByLang<typeof vi.actions> = { vi: vi.actions, en: en.actions };
export const actionDoneText: ByLang<typeof vi.actionsDone> = { vi: vi.actionsDone, en: en.actionsDone };
export const timelineText: ByLang<typeof vi.timeline> = { vi: vi.timeline, en: en.timeline };
export const roleText: ByLang<typeof vi.roles> = { vi: vi.roles, en: en.roles };

export type ActionFieldLabel = keyof typeof vi.actionFields;
export const deadlineStateText: ByLang<typeof vi.deadlineState> = { vi: vi.deadlineState, en: en.deadlineState };
