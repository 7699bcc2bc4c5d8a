import { z } from 'zod';
import { formEmail, formText } from '../http/validation';

export const inviteAdminSchema = z.object({
  name: formText({ max: 200, required: 'common.errors.nameRequired' }),
  email: formEmail(),
});
