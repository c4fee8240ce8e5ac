/** Types of build/stamp.mjs (plain JavaScript so that it runs before anything is compiled). */
export declare const STAMP_FILE: string;
export declare function sourceDigest(root: string): Promise<string>;
export declare function isBuildFresh(root: string): Promise<boolean>;
