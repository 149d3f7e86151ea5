-- The replay page's filter by caller: "calls of subject Z", newest first, without a scan. Its
-- other filters use the indexes of V1 (tool, time, session).
CREATE INDEX toolgate_calls_subject ON toolgate_calls (subject, called_at);
