-- A digest's papers count as sent through its own outbox row (status 'sent', paper_ids), which
-- every sent_paper row only repeated: recording a sent message is one row's update instead of one
-- insert per paper besides (about nine statements per message, most of a sender's database work).
DROP TABLE sent_paper;
