-- An import cut off by a restart resumes: its file and column mapping are
-- kept until it is done (the file used to be dropped when it started).
ALTER TABLE imports ADD COLUMN mapping_json TEXT;

-- The CSV separator the owner chose in the preview (NULL: detected).
ALTER TABLE imports ADD COLUMN delimiter TEXT;

-- Whether dates like 01/02/2026 are day or month first, as the owner chose
-- in the preview (NULL: from the file, else the business's time zone).
ALTER TABLE imports ADD COLUMN date_order TEXT;

-- The sheet of a workbook the owner chose (NULL: the first).
ALTER TABLE imports ADD COLUMN sheet TEXT;
