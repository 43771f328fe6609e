/** Misskey's `meta.errors` of the drive endpoints (ep/drive/**); misskey-errors.ts names the source. */
import type { MisskeyErrorDef } from './misskey-errors.js';

const noSuchFile = (id: string) => ({ message: 'No such file.', code: 'NO_SUCH_FILE', id });
const accessDenied = (id: string) => ({ message: 'Access denied.', code: 'ACCESS_DENIED', id });
const noSuchFolder = (id: string) => ({ message: 'No such folder.', code: 'NO_SUCH_FOLDER', id });
const invalidFileName = (id: string) => ({ message: 'Invalid file name.', code: 'INVALID_FILE_NAME', id });

export const driveEndpointErrors = {
  'drive/files/create': {
    invalidFileName: invalidFileName('f449b209-0c60-4e51-84d5-29486263bfd4'),
    inappropriate: {
      message: 'Cannot upload the file because it has been determined that it possibly contains inappropriate content.',
      code: 'INAPPROPRIATE',
      id: 'bec5bd69-fba3-43c9-b4fb-2894b66ad5d2',
    },
    noFreeSpace: {
      message: 'Cannot upload the file because you have no free space of drive.',
      code: 'NO_FREE_SPACE',
      id: 'd08dbc37-a6a9-463a-8c47-96c32ab5f064',
    },
    unallowedFileType: {
      message: 'Cannot upload the file because it is an unallowed file type.',
      code: 'UNALLOWED_FILE_TYPE',
      id: '4becd248-7f2c-48c4-a9f0-75edc4f9a1ea',
    },
    maxFileSizeExceeded: {
      message: 'Cannot upload the file because it exceeds the maximum file size.',
      code: 'MAX_FILE_SIZE_EXCEEDED',
      id: 'b9d8c348-33f0-4673-b9a9-5d4da058977a',
      httpStatus: 413,
    },
  },
  'drive/files/show': {
    noSuchFile: noSuchFile('067bc436-2718-4795-b0fb-ecbe43949e31'),
    accessDenied: accessDenied('25b73c73-68b1-41d0-bad1-381cfdf6579f'),
  },
  'drive/files/update': {
    invalidFileName: invalidFileName('395e7156-f9f0-475e-af89-53c3c23080c2'),
    noSuchFile: noSuchFile('e7778c7e-3af9-49cd-9690-6dbc3e6c972d'),
    accessDenied: accessDenied('01a53b27-82fc-445b-a0c1-b558465a8ed2'),
    noSuchFolder: noSuchFolder('ea8fb7a5-af77-4a08-b608-c0218176cd73'),
    restrictedByRole: {
      message: 'This feature is restricted by your role.',
      code: 'RESTRICTED_BY_ROLE',
      id: '7f59dccb-f465-75ab-5cf4-3ce44e3282f7',
    },
  },
  'drive/files/delete': {
    noSuchFile: noSuchFile('908939ec-e52b-4458-b395-1025195cea58'),
    accessDenied: accessDenied('5eb8d909-2540-4970-90b8-dd6f86088121'),
  },
  'drive/files/attached-notes': { noSuchFile: noSuchFile('c118ece3-2e4b-4296-99d1-51756e32d232') },
  'drive/folders/create': { noSuchFolder: noSuchFolder('53326628-a00d-40a6-a3cd-8975105c0f95') },
  'drive/folders/show': { noSuchFolder: noSuchFolder('d74ab9eb-bb09-4bba-bf24-fb58f761e1e9') },
  'drive/folders/update': {
    noSuchFolder: noSuchFolder('f7974dac-2c0d-4a27-926e-23583b28e98e'),
    noSuchParentFolder: {
      message: 'No such parent folder.',
      code: 'NO_SUCH_PARENT_FOLDER',
      id: 'ce104e3a-faaf-49d5-b459-10ff0cbbcaa1',
    },
    recursiveNesting: {
      message: 'It can not be structured like nesting folders recursively.',
      code: 'RECURSIVE_NESTING',
      // sic: Misskey's id has no dashes
      id: 'dbeb024837894013aed44279f9199740',
    },
  },
  'drive/folders/delete': {
    noSuchFolder: noSuchFolder('1069098f-c281-440f-b085-f9932edbe091'),
    hasChildFilesOrFolders: {
      message: 'This folder has child files or folders.',
      code: 'HAS_CHILD_FILES_OR_FOLDERS',
      id: 'b0fc8a17-963c-405d-bfbc-859a487295e1',
    },
  },
} as const satisfies Record<string, Record<string, MisskeyErrorDef>>;
