/**
 * Abuse reports (users/report-abuse, admin/abuse-user-reports): each report by its id (owner '' of an
 * instance-wide IdIndex), so the moderators' list pages newest first. Reports are few; the list's
 * filters (state, origins) are applied while walking.
 */
import type { Database } from 'lmdb';
import { IdIndex, type PageParams } from './paging.js';

/** Misskey's resolutions: the report was acted on, or turned down. */
export type ReportResolution = 'accept' | 'reject';

/** A report, stored as a plain map; its creation time is its id's. */
export interface AbuseReportRecord {
  reporterId: string;
  /** The reporter's and the target's hosts (null: local), for the origin filters. */
  reporterHost: string | null;
  targetUserId: string;
  targetUserHost: string | null;
  comment: string;
  resolved: boolean;
  resolvedAs: ReportResolution | null;
  /** The moderator who resolved it. */
  assigneeId: string | null;
  forwarded: boolean;
  moderationNote: string;
}

export class AbuseReports {
  private readonly reports: IdIndex<AbuseReportRecord>;

  constructor(db: Database<AbuseReportRecord, string>) {
    this.reports = new IdIndex(db);
  }

  get(reportId: string): AbuseReportRecord | undefined {
    return this.reports.get('', reportId);
  }

  put(reportId: string, report: AbuseReportRecord): void {
    void this.reports.put('', reportId, report);
  }

  /** Reports as (id, report) in Misskey's page order. */
  page<T>(params: PageParams, limit: number, accept: (id: string, report: AbuseReportRecord) => T | undefined): T[] {
    return this.reports.page('', params, limit, accept);
  }
}
