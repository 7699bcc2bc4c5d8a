import type { RequestHandler } from 'express';
import { findAttachment } from '../attachments/attachment.repo';
import type { Attachment } from '../attachments/attachment.types';
import type { AppContext } from '../context';
import { loaded, loader } from '../http/loaders';
import { findLibraryEntry, type LibraryEntry } from './kennisbank.repo';

declare module '../http/loaders' {
  interface Loaded {
    /** The published entry named by :entryId (consent, submitted, announced); anyone may see it. */
    project: LibraryEntry;
    /** An attachment of that project that its makers marked public. */
    publicAttachment: Attachment;
  }
}

/** :entryId → `loaded(req, 'project')`, or 404 for any entry that is not published right now. */
export function projectLoader(ctx: Pick<AppContext, 'db'>): RequestHandler {
  return loader('entryId', 'project', (id) => findLibraryEntry(ctx.db, id));
}

/** :attachmentId → `loaded(req, 'publicAttachment')`, or 404 unless the loaded project lists it as public. */
export function publicAttachmentLoader(ctx: Pick<AppContext, 'db'>): RequestHandler {
  return loader('attachmentId', 'publicAttachment', async (id, req) => {
    const project = loaded(req, 'project');
    if (!project.publicAttachments.some((a) => a.id === id)) return undefined;
    const attachment = await findAttachment(ctx.db, id);
    return attachment?.entryId === project.id ? attachment : undefined;
  });
}
