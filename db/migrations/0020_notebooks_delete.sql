-- Deleting a hosted notebook (docs/notebooks.md): the notebook it was forked from counts one fork
-- less, as every other counter of notebooks is kept by a trigger. Its votes and inputs are deleted
-- before it, so their own triggers keep vote_count and models.notebook_count right.
CREATE TRIGGER `hosted_notebooks_fork_ad` AFTER DELETE ON `hosted_notebooks`
  WHEN old.forked_from_id IS NOT NULL BEGIN
  UPDATE hosted_notebooks SET fork_count = fork_count - 1 WHERE id = old.forked_from_id;
END;
