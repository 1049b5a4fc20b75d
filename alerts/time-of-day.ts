import { localIso } from '../time.ts';

/** The local hour (Asia/Ho_Chi_Minh) of an instant, 0–23. */
export const hourOf = (at: Date) => Number(localIso(at).slice(11, 13));
