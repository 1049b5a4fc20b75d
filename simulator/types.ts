/** The canonical record: what the warehouse should end up holding for one document at one unit. */
export interface SimDocument {
  unit_code: string;
  /** unique within the unit, e.g. "380-2020-000123" */
  doc_id: string;
  direction: 'out' | 'in';
  /** số/ký hiệu, e.g. "125/UBND-VP" */
  number: string;
  doc_type: string;
  /** YYYY-MM-DD, local */
  doc_date: string;
  /** ISO instant with Z: sent time (out) or received time (in) */
  event_time: string;
  security: 'normal' | 'secret' | 'top_secret' | 'absolute_secret';
  channel: 'electronic' | 'paper' | 'both';
  signed: boolean;
  /** YYYY-MM-DD local; only some incoming documents */
  deadline: string | null;
  /** ISO instant with Z; null while open, always null for outgoing */
  completed_time: string | null;
  /**
   * incoming: who sent it, as the register writes it — a registry code (now and then the
   * unit's name), the name of a body outside the registry, or null (not recorded); null for
   * outgoing documents
   */
  sender: string | null;
  /** incoming and completed: handled as an electronic work file; null while open and for outgoing documents */
  processed_electronic: boolean | null;
  /** max(event_time, completed_time): when the record last changed in the source system */
  updated_at: string;
}

/** Milestone dates by level (inclusive, local), as in config/settings.json. */
export interface Milestones {
  province: string;
  district: string;
  commune: string;
}

export const DOC_TYPES = ['Công văn', 'Quyết định', 'Kế hoạch', 'Báo cáo', 'Tờ trình', 'Thông báo', 'Giấy mời'] as const;
