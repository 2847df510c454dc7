DROP TABLE kb_comments;
DROP TABLE kb_translations;
DROP TABLE kb_articles;
