import { and, desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { owners, reports, users } from '../schema'
import type { PostKind } from './votes'

export type ReportStatus = 'open' | 'resolved' | 'dismissed'

/** Files a report; a second report of the same post by the same user changes nothing. */
export async function fileReport(
  db: Db,
  input: { reporterId: number; targetKind: PostKind; targetId: number; reason: string },
) {
  await db.insert(reports).values(input).onConflictDoNothing()
}

/** The moderation queue: reports with a status, newest first, with the reported words. */
export async function listReports(db: Db, status: ReportStatus, limit: number, offset: number) {
  const text = sql<string | null>`case ${reports.targetKind}
    when 'topic' then (select title || char(10) || char(10) || body_md from discussion_topics where id = ${reports.targetId})
    when 'notebook_comment' then (select body_md from notebook_comments where id = ${reports.targetId})
    else (select body_md from discussion_comments where id = ${reports.targetId}) end`
  const topicId = sql<number | null>`case ${reports.targetKind}
    when 'topic' then ${reports.targetId}
    when 'comment' then (select topic_id from discussion_comments where id = ${reports.targetId}) end`
  return db
    .select({
      report: reports,
      reporter: owners.slug,
      text,
      topicId,
      model: sql<
        string | null
      >`(select o.slug || '/' || m.slug from discussion_topics t join models m on m.id = t.model_id join owners o on o.id = m.owner_id where t.id = ${topicId})`,
      notebook: sql<
        string | null
      >`(select o.slug || '/' || n.slug from notebook_comments nc join hosted_notebooks n on n.id = nc.notebook_id join owners o on o.id = n.owner_id where ${reports.targetKind} = 'notebook_comment' and nc.id = ${reports.targetId})`,
    })
    .from(reports)
    .innerJoin(users, eq(users.id, reports.reporterId))
    .innerJoin(owners, eq(owners.id, users.ownerId))
    .where(eq(reports.status, status))
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(limit)
    .offset(offset)
}

export async function setReportStatus(db: Db, id: number, status: ReportStatus, now: Date) {
  const rows = await db
    .update(reports)
    .set({ status, resolvedAt: status === 'open' ? null : now })
    .where(and(eq(reports.id, id)))
    .returning({ id: reports.id })
  return rows.length > 0
}
