//! Keyset (seek) pagination: a page starts strictly after the last row of the previous one, so
//! inserts between two requests never shift or repeat rows the way OFFSET does.

/// Where a page starts and how long it is.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    /// The sort key values (id last) of the last row already seen.
    pub after: Option<Vec<String>>,
    /// Rows wanted (the store asks for one more to know whether another page exists).
    pub limit: u32,
}

/// One page of rows and, when more exist, the key of its last row.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Sort key values (id last) of the last row, present when another page follows.
    pub next: Option<Vec<String>>,
}

impl<T> Page<T> {
    /// Trims the one extra row fetched and records where the next page starts.
    pub fn from_rows(mut rows: Vec<T>, limit: u32, key_of: impl Fn(&T) -> Vec<String>) -> Page<T> {
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let next = if more { rows.last().map(key_of) } else { None };
        Page { items: rows, next }
    }
}
