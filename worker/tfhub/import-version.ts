// What the importer makes of the TF Hub source: how files are parsed (parse.ts) and how they map
// to the catalog (map.ts, family.ts, kaggle-handle.ts, title.ts and the family table). The sync stores it
// with the revision it completed. A catalog made by another version is re-planned from every
// file on the next run even when the source has not moved, so a deployment that upgrades the
// importer (say, to group handles into families) regroups its catalog without waiting for an
// upstream commit. tfhub-import-version.test.ts fingerprints those files and asks for a new value
// when they change.
export const IMPORT_VERSION = '2026-12-07.2'
