-- An import cut off by a restart resumes: its file and column mapping are
-- kept until it is done (the file used to be dropped when it started).
ALTER TABLE imports ADD COLUMN mapping_json TEXT;
