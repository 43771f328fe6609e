/** Misskey's `meta.errors` of the role endpoints (admin/roles/*, roles/*); ids as in misskey-errors.ts' source. */
const noSuchRole = (id: string) => ({ message: 'No such role.', code: 'NO_SUCH_ROLE', id });
const noSuchUser = (id: string) => ({ message: 'No such user.', code: 'NO_SUCH_USER', id });
const accessDenied = (id: string) => ({
  message: 'Only administrators can edit members of the role.',
  code: 'ACCESS_DENIED',
  id,
});

export const roleEndpointErrors = {
  'admin/roles/show': { noSuchRole: noSuchRole('07dc7d34-c0d8-49b7-96c6-db3ce64ee0b3') },
  'admin/roles/update': { noSuchRole: noSuchRole('cd23ef55-09ad-428a-ac61-95a45e124b32') },
  'admin/roles/delete': { noSuchRole: noSuchRole('de0d6ecd-8e0a-4253-88ff-74bc89ae3d45') },
  'admin/roles/assign': {
    noSuchRole: noSuchRole('6503c040-6af4-4ed9-bf07-f2dd16678eab'),
    noSuchUser: noSuchUser('558ea170-f653-4700-94d0-5a818371d0df'),
    accessDenied: accessDenied('25b5bc31-dc79-4ebd-9bd2-c84978fd052c'),
  },
  'admin/roles/unassign': {
    noSuchRole: noSuchRole('6e519036-a70d-4c76-b679-bc8fb18194e2'),
    noSuchUser: noSuchUser('2b730f78-1179-461b-88ad-d24c9af1a5ce'),
    notAssigned: { message: 'Not assigned.', code: 'NOT_ASSIGNED', id: 'b9060ac7-5c94-4da4-9f55-2047c953df44' },
    accessDenied: accessDenied('24636eee-e8c1-493e-94b2-e16ad401e262'),
  },
  'admin/roles/users': { noSuchRole: noSuchRole('224eff5e-2488-4b18-b3e7-f50d94421648') },
  'roles/show': { noSuchRole: noSuchRole('de5502bf-009a-4639-86c1-fec349e46dcb') },
  'roles/users': { noSuchRole: noSuchRole('30aaaee3-4792-48dc-ab0d-cf501a575ac5') },
  'roles/notes': { noSuchRole: noSuchRole('eb70323a-df61-4dd4-ad90-89c83c7cf26e') },
};
