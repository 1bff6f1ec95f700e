/**
 * Identical failures anyone can cause without signing in (a wrong password, a forged callback)
 * within this window are one audit row with a count, so a flood writes little and pushes an
 * admin's real events out of Sign-in activity no more.
 */
export const REPEAT_WINDOW_MS = 10 * 60_000;
