/** Types of build/stamp.mjs (plain JavaScript so that it runs before anything is compiled). */
export declare const STAMP_FILE: string;
export interface InputFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}
export declare function inputFiles(root: string): Promise<InputFile[]>;
export declare function listingDigest(files: readonly InputFile[]): string;
export declare function contentDigest(root: string, files: readonly InputFile[]): Promise<string>;
export declare function isBuildFresh(root: string, options?: { compareContents?: boolean }): Promise<boolean>;
