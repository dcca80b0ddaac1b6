-- Counters of notebooks, kept by triggers so every write path (routes, TF Hub sync, forks) keeps
-- them exact without remembering to (docs/notebooks.md). A repeated vote (INSERT OR IGNORE) changes
-- no row and fires nothing. A model's notebook_count is its external links plus the public hosted
-- notebooks that have it as an input; it is recounted, not incremented, because one notebook may
-- attach several variations of the same model.
CREATE TRIGGER `notebook_votes_count_ai` AFTER INSERT ON `notebook_votes` BEGIN
  UPDATE hosted_notebooks SET vote_count = vote_count + 1 WHERE id = new.notebook_id;
END;
--> statement-breakpoint
CREATE TRIGGER `notebook_votes_count_ad` AFTER DELETE ON `notebook_votes` BEGIN
  UPDATE hosted_notebooks SET vote_count = vote_count - 1 WHERE id = old.notebook_id;
END;
--> statement-breakpoint
CREATE TRIGGER `hosted_notebooks_fork_ai` AFTER INSERT ON `hosted_notebooks`
  WHEN new.forked_from_id IS NOT NULL BEGIN
  UPDATE hosted_notebooks SET fork_count = fork_count + 1 WHERE id = new.forked_from_id;
END;
--> statement-breakpoint
CREATE TRIGGER `notebook_links_count_ai` AFTER INSERT ON `notebooks` BEGIN
  UPDATE models SET notebook_count =
    (SELECT count(*) FROM notebooks n WHERE n.model_id = new.model_id)
    + (SELECT count(DISTINCT i.notebook_id) FROM notebook_inputs i
       JOIN hosted_notebooks h ON h.id = i.notebook_id
       WHERE i.model_id = new.model_id AND h.is_private = 0)
    WHERE id = new.model_id;
END;
--> statement-breakpoint
CREATE TRIGGER `notebook_links_count_ad` AFTER DELETE ON `notebooks` BEGIN
  UPDATE models SET notebook_count =
    (SELECT count(*) FROM notebooks n WHERE n.model_id = old.model_id)
    + (SELECT count(DISTINCT i.notebook_id) FROM notebook_inputs i
       JOIN hosted_notebooks h ON h.id = i.notebook_id
       WHERE i.model_id = old.model_id AND h.is_private = 0)
    WHERE id = old.model_id;
END;
--> statement-breakpoint
CREATE TRIGGER `notebook_inputs_count_ai` AFTER INSERT ON `notebook_inputs` BEGIN
  UPDATE models SET notebook_count =
    (SELECT count(*) FROM notebooks n WHERE n.model_id = new.model_id)
    + (SELECT count(DISTINCT i.notebook_id) FROM notebook_inputs i
       JOIN hosted_notebooks h ON h.id = i.notebook_id
       WHERE i.model_id = new.model_id AND h.is_private = 0)
    WHERE id = new.model_id;
END;
--> statement-breakpoint
CREATE TRIGGER `notebook_inputs_count_ad` AFTER DELETE ON `notebook_inputs` BEGIN
  UPDATE models SET notebook_count =
    (SELECT count(*) FROM notebooks n WHERE n.model_id = old.model_id)
    + (SELECT count(DISTINCT i.notebook_id) FROM notebook_inputs i
       JOIN hosted_notebooks h ON h.id = i.notebook_id
       WHERE i.model_id = old.model_id AND h.is_private = 0)
    WHERE id = old.model_id;
END;
--> statement-breakpoint
CREATE TRIGGER `hosted_notebooks_visibility_au` AFTER UPDATE OF is_private ON `hosted_notebooks`
  WHEN new.is_private IS NOT old.is_private BEGIN
  UPDATE models SET notebook_count =
    (SELECT count(*) FROM notebooks n WHERE n.model_id = models.id)
    + (SELECT count(DISTINCT i.notebook_id) FROM notebook_inputs i
       JOIN hosted_notebooks h ON h.id = i.notebook_id
       WHERE i.model_id = models.id AND h.is_private = 0)
    WHERE id IN (SELECT model_id FROM notebook_inputs WHERE notebook_id = new.id);
END;
