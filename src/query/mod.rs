//! The lists as the user filters, sorts and pages them: [`actions`] (the actions tab) and
//! [`companies`] (the companies tab). Pure Rust, tested natively; each keeps an index of folded
//! text rebuilt once per change of the ledger, so that a keystroke only compares strings.

pub mod actions;
pub mod companies;

pub use actions::{ActionQuery, ActionRow, SearchIndex, SortKey};
pub use companies::{CompanyIndex, CompanyRow};

/// Rows per page of the actions list.
pub const PAGE_SIZE: usize = 50;

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The rows of this page.
    pub rows: Vec<T>,
    /// How many rows match, over all pages.
    pub total: usize,
    /// This page, from 0 (clamped to the last page).
    pub page: usize,
    /// Number of pages (at least 1).
    pub pages: usize,
}

impl<T> Page<T> {
    /// Page `page` (clamped to the last) of `rows`, `size` rows a page (at least one).
    pub fn of(
        rows: impl IntoIterator<Item = T, IntoIter: ExactSizeIterator>,
        page: usize,
        size: usize,
    ) -> Page<T> {
        let size = size.max(1);
        let rows = rows.into_iter();
        let total = rows.len();
        let pages = total.div_ceil(size).max(1);
        let page = page.min(pages - 1);
        Page {
            rows: rows.skip(page * size).take(size).collect(),
            total,
            page,
            pages,
        }
    }

    /// The same page with other rows (the page's rows turned into what the screen shows).
    pub fn with_rows<U>(&self, rows: Vec<U>) -> Page<U> {
        Page {
            rows,
            total: self.total,
            page: self.page,
            pages: self.pages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_clamped_and_counted() {
        let p = Page::of(0..120, 2, 50);
        assert_eq!((p.total, p.page, p.pages), (120, 2, 3));
        assert_eq!(p.rows, (100..120).collect::<Vec<_>>());
        let beyond = Page::of(0..120, 9, 50);
        assert_eq!(beyond.page, 2);
        let empty = Page::of(Vec::<u8>::new(), 3, 50);
        assert_eq!((empty.total, empty.page, empty.pages), (0, 0, 1));
        assert!(empty.rows.is_empty());
    }
}
