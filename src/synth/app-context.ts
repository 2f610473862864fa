// The cdktf App context every Patchline App is made with, apart from app.ts so that importing it loads no cdktf.

/** App context: logical IDs without the stack name, so an alias rename never moves a resource. */
export const APP_CONTEXT = { excludeStackIdFromLogicalIds: 'true', allowSepCharsInLogicalIds: 'true' };
