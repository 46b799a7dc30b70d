//! The document structure on top of the objects: the catalog and the page tree (ISO 32000-1
//! §7.7.2, §7.7.3), as of any revision.

use std::collections::HashSet;

use crate::error::{LimitExceeded, PdfError, Result};
use crate::file::PdfFile;
use crate::object::{Dictionary, ObjRef, Object, ObjectKind};

impl PdfFile {
    /// The catalog reference (`/Root`) as of revision `rev`: from that revision's trailer,
    /// or the nearest earlier trailer that has one.
    pub fn root_at(&self, rev: usize) -> Result<ObjRef> {
        self.revision(rev)?;
        let trailers = self.revisions().iter().take(rev + 1).rev();
        for revision in trailers {
            match revision.trailer().get("Root") {
                Some(Object::Reference(r)) => return Ok(*r),
                Some(other) => {
                    return Err(PdfError::UnexpectedType {
                        what: "trailer /Root",
                        expected: ObjectKind::Reference,
                        found: other.kind(),
                    });
                }
                None => {}
            }
        }
        Err(PdfError::Missing {
            what: "trailer /Root",
        })
    }

    /// The catalog of the latest revision.
    pub fn catalog(&self) -> Result<Dictionary> {
        self.catalog_at(self.latest_revision())
    }

    /// The catalog as of revision `rev`.
    pub fn catalog_at(&self, rev: usize) -> Result<Dictionary> {
        let root = self.root_at(rev)?;
        match self.resolve_at(rev, &Object::Reference(root))? {
            Object::Dictionary(d) => Ok(d),
            other => Err(PdfError::UnexpectedType {
                what: "catalog",
                expected: ObjectKind::Dictionary,
                found: other.kind(),
            }),
        }
    }

    /// The pages of the latest revision, in order.
    pub fn pages(&self) -> Result<Vec<ObjRef>> {
        self.pages_at(self.latest_revision())
    }

    /// The pages as of revision `rev`, in order: a depth-first walk of the page tree from the
    /// catalog's `/Pages`. A node is an intermediate node if it has `/Kids` (and is not
    /// `/Type /Page`), a page otherwise.
    ///
    /// # Errors
    /// [`PdfError::ReferenceLoop`] if a node is reached twice (a loop or a shared subtree),
    /// [`LimitExceeded::Pages`] / [`LimitExceeded::Depth`] past the limits, and an error for
    /// a kid that is not a reference to a dictionary.
    pub fn pages_at(&self, rev: usize) -> Result<Vec<ObjRef>> {
        let catalog = self.catalog_at(rev)?;
        let root = match catalog.get("Pages") {
            Some(Object::Reference(r)) => *r,
            Some(other) => {
                return Err(PdfError::UnexpectedType {
                    what: "catalog /Pages",
                    expected: ObjectKind::Reference,
                    found: other.kind(),
                });
            }
            None => {
                return Err(PdfError::Missing {
                    what: "catalog /Pages",
                });
            }
        };
        let limits = self.limits();
        let mut pages = Vec::new();
        let mut seen = HashSet::new();
        let mut stack = vec![(root, 0usize)];
        while let Some((id, depth)) = stack.pop() {
            if !seen.insert(id) {
                return Err(PdfError::ReferenceLoop { id });
            }
            if seen.len() > limits.max_pages {
                return Err(LimitExceeded::Pages(limits.max_pages).into());
            }
            if depth > limits.max_depth {
                return Err(LimitExceeded::Depth(limits.max_depth).into());
            }
            let node = match self.resolve_at(rev, &Object::Reference(id))? {
                Object::Dictionary(d) => d,
                other => {
                    return Err(PdfError::UnexpectedType {
                        what: "page tree node",
                        expected: ObjectKind::Dictionary,
                        found: other.kind(),
                    });
                }
            };
            if node.has_type("Page") || !node.contains_key("Kids") {
                pages.push(id);
                continue;
            }
            let kids = match node.get("Kids") {
                Some(kids @ Object::Reference(_)) => self.resolve_at(rev, kids)?,
                Some(kids) => kids.clone(),
                None => Object::Array(Vec::new()),
            };
            let Object::Array(kids) = kids else {
                return Err(PdfError::UnexpectedType {
                    what: "page tree /Kids",
                    expected: ObjectKind::Array,
                    found: kids.kind(),
                });
            };
            for kid in kids.iter().rev() {
                match kid {
                    Object::Reference(r) => stack.push((*r, depth + 1)),
                    other => {
                        return Err(PdfError::UnexpectedType {
                            what: "page tree /Kids entry",
                            expected: ObjectKind::Reference,
                            found: other.kind(),
                        });
                    }
                }
            }
        }
        Ok(pages)
    }
}
