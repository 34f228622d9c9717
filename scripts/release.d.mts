export const SHIPPED: string[];
export interface PackedPackage {
  name: string;
  version: string;
  sha256: string;
}
export type Releases = Record<string, Record<string, { commit: string; sha256: string }>>;
export function packShipped(): PackedPackage[];
export function readReleases(): Releases;
