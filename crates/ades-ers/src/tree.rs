//! Hash trees (RFC 4998 §4.2–4.3): a node's hash is the hash of its children's hashes sorted
//! in binary ascending order and concatenated; a document's reduced hash tree lists, level by
//! level, what is needed to climb from its hash to the root.
//!
//! The tree built here is binary: nodes are paired in order, a lone last node goes up a level
//! unchanged. Only the levels are kept (about two hashes per leaf), and each leaf's reduced
//! tree is derived when its record is written, so memory grows with the digests alone.

use ades_core::{DigestAlgorithm, digest};

/// The hash of a list of hashes: sorted, concatenated, hashed.
pub(crate) fn hash_list(alg: DigestAlgorithm, list: &[Vec<u8>]) -> Vec<u8> {
    let mut sorted: Vec<&Vec<u8>> = list.iter().collect();
    sorted.sort();
    let mut d = digest::Digester::new(alg);
    for h in sorted {
        d.update(h);
    }
    d.finish()
}

/// A hash tree over leaves.
pub(crate) struct Tree {
    /// Level 0 holds the leaves; the last level the root.
    levels: Vec<Vec<Vec<u8>>>,
}

impl Tree {
    /// The tree over `leaves` (at least one).
    pub(crate) fn new(alg: DigestAlgorithm, leaves: Vec<Vec<u8>>) -> Self {
        let mut levels = vec![leaves];
        while levels.last().is_some_and(|l| l.len() > 1) {
            let below = levels.last().map(Vec::as_slice).unwrap_or_default();
            let above = below
                .chunks(2)
                .map(|pair| match pair {
                    [one] => one.clone(),
                    _ => hash_list(alg, pair),
                })
                .collect();
            levels.push(above);
        }
        Tree { levels }
    }

    /// The root hash: what the time-stamp covers.
    pub(crate) fn root(&self) -> &[u8] {
        self.levels
            .last()
            .and_then(|l| l.first())
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The reduced hash tree of leaf `index`; `None` for a tree of one leaf (the time-stamp
    /// covers the leaf itself).
    pub(crate) fn reduced(&self, index: usize) -> Option<Vec<Vec<Vec<u8>>>> {
        let mut lists: Vec<Vec<Vec<u8>>> = Vec::new();
        let mut i = index;
        for level in &self.levels[..self.levels.len().saturating_sub(1)] {
            if let Some(sibling) = level.get(i ^ 1) {
                // The first list holds the leaf itself with its first sibling; each next one
                // the sibling of the node computed so far.
                match lists.is_empty() {
                    true => lists.push(vec![self.levels[0][index].clone(), sibling.clone()]),
                    false => lists.push(vec![sibling.clone()]),
                }
            }
            i /= 2;
        }
        (!lists.is_empty()).then_some(lists)
    }
}

/// The node of a data-object group (RFC 4998 §4.2): the hash of its members' hashes, or the
/// one member itself.
pub(crate) fn group_node(alg: DigestAlgorithm, members: &[Vec<u8>]) -> Vec<u8> {
    match members {
        [one] => one.clone(),
        _ => hash_list(alg, members),
    }
}

impl Tree {
    /// The reduced hash tree of the group at leaf `index` whose members are `members`: the
    /// members first, then the sibling of each node on the way up.
    pub(crate) fn reduced_group(
        &self,
        index: usize,
        members: &[Vec<u8>],
    ) -> Option<Vec<Vec<Vec<u8>>>> {
        if members.len() < 2 {
            return self.reduced(index);
        }
        let mut lists = vec![members.to_vec()];
        let mut i = index;
        for level in &self.levels[..self.levels.len().saturating_sub(1)] {
            if let Some(sibling) = level.get(i ^ 1) {
                lists.push(vec![sibling.clone()]);
            }
            i /= 2;
        }
        Some(lists)
    }
}

/// Why a reduced hash tree does not lead from the data to a root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Climb {
    /// A start hash is not in the first list.
    NotCovered,
    /// Several start hashes but no tree to hold them.
    NoTree,
}

/// Climbs from `start` (hashes that must all be in the first list) through `tree` to the
/// root; without a tree the one start hash is the root. A first list of one hash is hashed
/// when `single_hashed` (RFC 4998 §4.3 read literally) and is the node itself otherwise (as
/// EU DSS writes it).
pub(crate) fn climb(
    alg: DigestAlgorithm,
    start: &[Vec<u8>],
    tree: Option<&[Vec<Vec<u8>>]>,
    single_hashed: bool,
) -> Result<Vec<u8>, Climb> {
    let Some(lists) = tree.filter(|t| !t.is_empty()) else {
        return match start {
            [one] => Ok(one.clone()),
            _ => Err(Climb::NoTree),
        };
    };
    if start.iter().any(|h| !lists[0].contains(h)) {
        return Err(Climb::NotCovered);
    }
    let mut h = hash_list(alg, &lists[0]);
    if let [only] = lists[0].as_slice()
        && !single_hashed
    {
        h = only.clone();
    }
    for list in &lists[1..] {
        let mut with = list.clone();
        with.push(h);
        h = hash_list(alg, &with);
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: usize) -> Vec<Vec<u8>> {
        (0..n)
            .map(|i| digest::digest(DigestAlgorithm::Sha256, &i.to_be_bytes()))
            .collect()
    }

    #[test]
    fn every_leaf_climbs_to_the_root() {
        for n in [1, 2, 3, 5, 8, 13, 100] {
            let alg = DigestAlgorithm::Sha256;
            let tree = Tree::new(alg, leaves(n));
            for i in 0..n {
                let reduced = tree.reduced(i);
                let root = climb(alg, &[leaves(n)[i].clone()], reduced.as_deref(), true);
                assert_eq!(root.as_deref(), Ok(tree.root()), "n={n} i={i}");
            }
        }
    }

    #[test]
    fn every_member_of_a_group_climbs_to_the_root() {
        let alg = DigestAlgorithm::Sha256;
        let groups: Vec<Vec<Vec<u8>>> = vec![leaves(3), leaves(1), leaves(2), leaves(5)];
        let tree = Tree::new(alg, groups.iter().map(|g| group_node(alg, g)).collect());
        for (i, group) in groups.iter().enumerate() {
            let reduced = tree.reduced_group(i, group);
            for member in group {
                let root = climb(alg, std::slice::from_ref(member), reduced.as_deref(), true);
                assert_eq!(root.as_deref(), Ok(tree.root()), "group {i}");
            }
            let all = climb(alg, group, reduced.as_deref(), true);
            assert_eq!(all.as_deref(), Ok(tree.root()), "group {i}, all members");
        }
    }

    #[test]
    fn another_leaf_is_not_covered() {
        let alg = DigestAlgorithm::Sha256;
        let tree = Tree::new(alg, leaves(4));
        let other = digest::digest(alg, b"other");
        assert_eq!(
            climb(alg, &[other], tree.reduced(0).as_deref(), true),
            Err(Climb::NotCovered)
        );
    }
}
