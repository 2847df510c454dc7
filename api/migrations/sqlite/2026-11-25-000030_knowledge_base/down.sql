DROP TRIGGER kb_search_update;
DROP TRIGGER kb_search_delete;
DROP TRIGGER kb_search_insert;
DROP TABLE kb_search;
DROP TABLE kb_comments;
DROP TABLE kb_translations;
DROP TABLE kb_articles;
