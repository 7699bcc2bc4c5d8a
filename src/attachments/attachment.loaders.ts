import type { AppContext } from '../context';
import { loaded, loader } from '../http/loaders';
import { findAttachment } from './attachment.repo';
import type { Attachment } from './attachment.types';

declare module '../http/loaders' {
  interface Loaded {
    /** The attachment named by :attachmentId, a file of the loaded entry. */
    attachment: Attachment;
  }
}

/**
 * :attachmentId → `loaded(req, 'attachment')`, only as a file of the entry loaded before it (entry.loaders.ts:
 * entryLoader), else 404: whoever may see the entry may see its files, and nobody else.
 */
export const attachmentLoader = (ctx: Pick<AppContext, 'db'>) =>
  loader('attachmentId', 'attachment', async (id, req) => {
    const attachment = await findAttachment(ctx.db, id);
    return attachment && attachment.entryId === loaded(req, 'entry').id ? attachment : undefined;
  });
