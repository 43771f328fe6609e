/** Misskey's `meta.errors` of the note endpoints; misskey-errors.ts names the source. */
import type { MisskeyErrorDef } from './misskey-errors.js';

export const noteEndpointErrors = {
  'notes/create': {
    noSuchRenoteTarget: {
      message: 'No such renote target.',
      code: 'NO_SUCH_RENOTE_TARGET',
      id: 'b5c90186-4ab0-49c8-9bba-a1f76c282ba4',
    },
    cannotReRenote: {
      message: 'You can not Renote a pure Renote.',
      code: 'CANNOT_RENOTE_TO_A_PURE_RENOTE',
      id: 'fd4cc33e-2a37-48dd-99cc-9b806eb2031a',
    },
    cannotRenoteDueToVisibility: {
      message: 'You can not Renote due to target visibility.',
      code: 'CANNOT_RENOTE_DUE_TO_VISIBILITY',
      id: 'be9529e9-fe72-4de0-ae43-0b363c4938af',
    },
    noSuchReplyTarget: {
      message: 'No such reply target.',
      code: 'NO_SUCH_REPLY_TARGET',
      id: '749ee0f6-d3da-459a-bf02-282e2da4292c',
    },
    cannotReplyToInvisibleNote: {
      message: 'You cannot reply to an invisible Note.',
      code: 'CANNOT_REPLY_TO_AN_INVISIBLE_NOTE',
      id: 'b98980fa-3780-406c-a935-b6d0eeee10d1',
    },
    cannotReplyToPureRenote: {
      message: 'You can not reply to a pure Renote.',
      code: 'CANNOT_REPLY_TO_A_PURE_RENOTE',
      id: '3ac74a84-8fd5-4bb0-870f-01804f82ce15',
    },
    cannotReplyToSpecifiedVisibilityNoteWithExtendedVisibility: {
      message: 'You cannot reply to a specified visibility note with extended visibility.',
      code: 'CANNOT_REPLY_TO_SPECIFIED_VISIBILITY_NOTE_WITH_EXTENDED_VISIBILITY',
      id: 'ed940410-535c-4d5e-bfa3-af798671e93c',
    },
    cannotCreateAlreadyExpiredPoll: {
      message: 'Poll is already expired.',
      code: 'CANNOT_CREATE_ALREADY_EXPIRED_POLL',
      id: '04da457d-b083-4055-9082-955525eda5a5',
    },
    noSuchChannel: { message: 'No such channel.', code: 'NO_SUCH_CHANNEL', id: 'b1653923-5453-4edc-b786-7c4f39bb0bbb' },
    youHaveBeenBlocked: {
      message: 'You have been blocked by this user.',
      code: 'YOU_HAVE_BEEN_BLOCKED',
      id: 'b390d7e1-8a5e-46ed-b625-06271cafd3d3',
    },
    noSuchFile: {
      message: 'Some files are not found.',
      code: 'NO_SUCH_FILE',
      id: 'b6992544-63e7-67f0-fa7f-32444b1b5306',
    },
    cannotRenoteOutsideOfChannel: {
      message: 'Cannot renote outside of channel.',
      code: 'CANNOT_RENOTE_OUTSIDE_OF_CHANNEL',
      id: '33510210-8452-094c-6227-4a6c05d99f00',
    },
    containsProhibitedWords: {
      message: 'Cannot post because it contains prohibited words.',
      code: 'CONTAINS_PROHIBITED_WORDS',
      id: 'aa6e01d3-a85c-669d-758a-76aab43af334',
    },
    containsTooManyMentions: {
      message: 'Cannot post because it exceeds the allowed number of mentions.',
      code: 'CONTAINS_TOO_MANY_MENTIONS',
      id: '4de0363a-3046-481b-9b0f-feff3e211025',
    },
  },
  'notes/show': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '24fcbfc6-2e37-42b6-8388-c29b3861a08d' },
    signinRequired: {
      message: 'Signin required.',
      code: 'SIGNIN_REQUIRED',
      id: '8e75455b-738c-471d-9f80-62693f33372e',
    },
  },
  'notes/delete': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '490be23f-8c1f-4796-819f-94cb4f9d1630' },
    accessDenied: { message: 'Access denied.', code: 'ACCESS_DENIED', id: 'fe8d7103-0ea8-4ec3-814d-f8b401dc69e9' },
  },
  'notes/timeline': {},
  'notes/local-timeline': {
    ltlDisabled: {
      message: 'Local timeline has been disabled.',
      code: 'LTL_DISABLED',
      id: '45a6eb02-7695-4393-b023-dd3be9aaaefd',
    },
    bothWithRepliesAndWithFiles: {
      message: 'Specifying both withReplies and withFiles is not supported',
      code: 'BOTH_WITH_REPLIES_AND_WITH_FILES',
      id: 'dd9c8400-1cb5-4eef-8a31-200c5f933793',
    },
  },
  'notes/hybrid-timeline': {
    stlDisabled: {
      message: 'Hybrid timeline has been disabled.',
      code: 'STL_DISABLED',
      id: '620763f4-f621-4533-ab33-0577a1a3c342',
    },
    bothWithRepliesAndWithFiles: {
      message: 'Specifying both withReplies and withFiles is not supported',
      code: 'BOTH_WITH_REPLIES_AND_WITH_FILES',
      id: 'dfaa3eb7-8002-4cb7-bcc4-1095df46656f',
    },
  },
  'notes/global-timeline': {
    gtlDisabled: {
      message: 'Global timeline has been disabled.',
      code: 'GTL_DISABLED',
      id: '0332fc13-6ab2-4427-ae80-a9fadffd1a6b',
    },
  },
  'notes/mentions': {},
  'notes/replies': {},
  'notes/children': {},
  'notes/renotes': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '12908022-2e21-46cd-ba6a-3edaf6093f46' },
  },
  'notes/unrenote': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: 'efd4a259-2442-496b-8dd7-b255aa1a160f' },
  },
  'notes/reactions/create': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '033d0620-5bfe-4027-965d-980b0c85a3ea' },
    alreadyReacted: {
      message: 'You are already reacting to that note.',
      code: 'ALREADY_REACTED',
      id: '71efcf98-86d6-4e2b-b2ad-9d032369366b',
    },
    youHaveBeenBlocked: {
      message: 'You cannot react this note because you have been blocked by this user.',
      code: 'YOU_HAVE_BEEN_BLOCKED',
      id: '20ef5475-9f38-4e4c-bd33-de6d979498ec',
    },
    cannotReactToRenote: {
      message: 'You cannot react to Renote.',
      code: 'CANNOT_REACT_TO_RENOTE',
      id: 'eaccdc08-ddef-43fe-908f-d108faad57f5',
    },
  },
  'notes/reactions/delete': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '764d9fce-f9f2-4a0e-92b1-6ceac9a7ad37' },
    notReacted: {
      message: 'You are not reacting to that note.',
      code: 'NOT_REACTED',
      id: '92f4426d-4196-4125-aa5b-02943e2ec8fc',
    },
  },
  'notes/reactions': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '263fff3d-d0e1-4af4-bea7-8408059b451a' },
  },
  'notes/favorites/create': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '6dd26674-e060-4816-909a-45ba3f4da458' },
    alreadyFavorited: {
      message: 'The note has already been marked as a favorite.',
      code: 'ALREADY_FAVORITED',
      id: 'a402c12b-34dd-41d2-97d8-4d2ffd96a1a6',
    },
  },
  'notes/favorites/delete': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '80848a2c-398f-4343-baa9-df1d57696c56' },
    notFavorited: {
      message: 'You have not marked that note a favorite.',
      code: 'NOT_FAVORITED',
      id: 'b625fc69-635e-45e9-86f4-dbefbef35af5',
    },
  },
  'notes/polls/vote': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: 'ecafbd2e-c283-4d6d-aecb-1a0a33b75396' },
    noPoll: {
      message: 'The note does not attach a poll.',
      code: 'NO_POLL',
      id: '5f979967-52d9-4314-a911-1c673727f92f',
    },
    invalidChoice: {
      message: 'Choice ID is invalid.',
      code: 'INVALID_CHOICE',
      id: 'e0cc9a04-f2e8-41e4-a5f1-4127293260cc',
    },
    alreadyVoted: {
      message: 'You have already voted.',
      code: 'ALREADY_VOTED',
      id: '0963fc77-efac-419b-9424-b391608dc6d8',
    },
    alreadyExpired: {
      message: 'The poll is already expired.',
      code: 'ALREADY_EXPIRED',
      id: '1022a357-b085-4054-9083-8f8de358337e',
    },
    youHaveBeenBlocked: {
      message: 'You cannot vote this poll because you have been blocked by this user.',
      code: 'YOU_HAVE_BEEN_BLOCKED',
      id: '85a5377e-b1e9-4617-b0b9-5bea73331e49',
    },
  },
  'notes/show-partial-bulk': {},
  'notes/thread-muting/create': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '5ff67ada-ed3b-2e71-8e87-a1a421e177d2' },
  },
  'notes/thread-muting/delete': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: 'bddd57ac-ceb3-b29d-4334-86ea5fae481a' },
  },
  'notes/search-by-tag': {},
  'notes/search': {
    unavailable: {
      message: 'Search of notes unavailable.',
      code: 'UNAVAILABLE',
      id: '0b44998d-77aa-4427-80d0-d2c9b8523011',
    },
  },
} as const satisfies Record<string, Record<string, MisskeyErrorDef>>;
