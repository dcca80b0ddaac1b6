-- Upvotes on notebook comments (docs/notebooks.md, "Comments") are discussion_votes rows of kind
-- 'notebook_comment', like a model discussion's topics and replies: the vote triggers of 0013 now
-- keep notebook_comments.vote_count too. discussion_votes has no catalog-version triggers and
-- notebook_comments none either (0024, 0025), so these votes move no cached page.
DROP TRIGGER `discussion_votes_ai`;
--> statement-breakpoint
CREATE TRIGGER `discussion_votes_ai` AFTER INSERT ON `discussion_votes` BEGIN
  UPDATE discussion_topics SET vote_count = vote_count + 1
  WHERE id = new.target_id AND new.target_kind = 'topic';
  UPDATE discussion_comments SET vote_count = vote_count + 1
  WHERE id = new.target_id AND new.target_kind = 'comment';
  UPDATE notebook_comments SET vote_count = vote_count + 1
  WHERE id = new.target_id AND new.target_kind = 'notebook_comment';
END;
--> statement-breakpoint
DROP TRIGGER `discussion_votes_ad`;
--> statement-breakpoint
CREATE TRIGGER `discussion_votes_ad` AFTER DELETE ON `discussion_votes` BEGIN
  UPDATE discussion_topics SET vote_count = vote_count - 1
  WHERE id = old.target_id AND old.target_kind = 'topic';
  UPDATE discussion_comments SET vote_count = vote_count - 1
  WHERE id = old.target_id AND old.target_kind = 'comment';
  UPDATE notebook_comments SET vote_count = vote_count - 1
  WHERE id = old.target_id AND old.target_kind = 'notebook_comment';
END;
