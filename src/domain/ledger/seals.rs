//! The seals of the steps taken here and the keys this machine trusts (`domain::trust`): which
//! steps wait for their author's signature, putting the signatures on, and the trust decisions
//! the user makes (a key confirmed by its fingerprint).

use chrono::NaiveDate;

use super::Ledger;
use crate::domain::action::{ActionId, Event, Stamp};
use crate::domain::company::CompanyId;
use crate::domain::convention::Side;
use crate::domain::date::fr;
use crate::domain::diffusion_request::DiffusionId;
use crate::domain::error::DomainError;
use crate::domain::journal::EntryId;
use crate::domain::request::RequestId;
use crate::domain::signed::{self, SealedKind, SignedHistory};
use crate::domain::signing::KeyId;
use crate::domain::signing::{Facts, Seal, SignatureBytes};
use crate::domain::trust::{How, KeyCard, KeyStatement, Statement, Trust};

/// What a signature seals: a step of a record, or a statement about a party's keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A step of a record.
    Step {
        /// The record's kind.
        kind: SealedKind,
        /// The record's id.
        id: String,
        /// The step, as files write it.
        step: &'static str,
    },
    /// A statement about a key.
    Statement(Statement),
}

/// Something taken here that waits for its author's signature: what to sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsealed {
    /// What.
    pub target: Target,
    /// Who and when.
    pub stamp: Stamp,
    /// The facts it states.
    pub facts: Facts,
    /// The canonical form to sign.
    pub message: Vec<u8>,
}

impl Unsealed {
    /// With its signature, to put on it ([`Ledger::seal`]).
    pub fn signed(self, signature: SignatureBytes) -> Signed {
        Signed {
            target: self.target,
            stamp: self.stamp,
            facts: self.facts,
            signature,
        }
    }
}

/// A signature made for something that waited for it ([`Ledger::unsealed`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// What.
    pub target: Target,
    /// Who and when.
    pub stamp: Stamp,
    /// The facts signed.
    pub facts: Facts,
    /// The signature.
    pub signature: SignatureBytes,
}

impl Ledger {
    /// The keys this machine trusts for the convention's parties.
    pub fn trust(&self) -> &Trust {
        &self.trust
    }

    /// Every step and statement stamped `stamp` that waits for its author's signature, with
    /// what to sign.
    pub fn unsealed(&self, stamp: &Stamp) -> Vec<Unsealed> {
        let id = self.convention.id();
        let mut out: Vec<Unsealed> = self
            .sealed_records()
            .into_iter()
            .flat_map(|r| signed::unsealed(r, id, stamp))
            .collect();
        out.extend(self.trust.unsealed(stamp).map(|s| Unsealed {
            target: Target::Statement(s.statement.clone()),
            stamp: s.stamp.clone(),
            facts: s.statement.facts(),
            message: s.canonical(id),
        }));
        out
    }

    /// Introduces `key`, a key of the user's own party trusted here (a colleague's, confirmed by
    /// its fingerprint), to the other party: the statement, signed by the user's key, travels in
    /// the user's files, and the other party, trusting the user's key, then trusts this one
    /// without a question (a sigchain: a party's new keys introduced by its earlier ones).
    pub fn introduce_key(&mut self, key: &KeyId, stamp: Stamp) -> Result<(), DomainError> {
        let card = self.own_key(key, &stamp)?.clone();
        self.trust.take(
            KeyStatement {
                statement: Statement::Introduces(card),
                stamp,
                seal: None,
            },
            None,
        );
        Ok(())
    }

    /// The card of `key`, trusted here for the side of `stamp` and not withdrawn: a key the
    /// user may speak about.
    fn own_key(&self, key: &KeyId, stamp: &Stamp) -> Result<&KeyCard, DomainError> {
        let known = self
            .trust
            .get(key)
            .ok_or_else(|| DomainError::KeyUnknown(key.0.clone()))?;
        if known.card.side != stamp.actor.side {
            return Err(DomainError::KeyOfOtherParty {
                key: key.0.clone(),
                party: self.convention.party(known.card.side).short_name.clone(),
            });
        }
        if let Some(at) = self.trust.withdrawn_at(key) {
            return Err(DomainError::KeyWithdrawn {
                key: key.0.clone(),
                on: at.date(),
            });
        }
        Ok(&known.card)
    }

    /// Withdraws `key`, a key of the user's own party trusted here (a lost laptop): its
    /// signatures stamped after this are refused here at once, and by the other party once the
    /// statement, signed, reaches it.
    pub fn withdraw_key(&mut self, key: &KeyId, stamp: Stamp) -> Result<(), DomainError> {
        self.own_key(key, &stamp)?;
        self.trust.take(
            KeyStatement {
                statement: Statement::Withdraws(key.clone()),
                stamp,
                seal: None,
            },
            None,
        );
        Ok(())
    }

    /// Puts the signatures made with `card`'s key on the steps they sign, and trusts that key
    /// for its side as made here. A step undone meanwhile, or already sealed, is skipped;
    /// returns how many were put.
    pub fn seal(&mut self, card: KeyCard, signed: Vec<Signed>) -> usize {
        let key = card.key.id();
        let side = card.side;
        let mut put = 0;
        for s in signed {
            // Only the author's own (the facts are what `unsealed` gave for them: what was
            // stated when it was taken).
            if s.stamp.actor.side != side {
                continue;
            }
            let seal = Seal {
                facts: s.facts,
                key: key.clone(),
                signature: s.signature,
            };
            let sealed = match &s.target {
                Target::Step { kind, id, step } => self.put_seal(*kind, id, step, &s.stamp, seal),
                Target::Statement(statement) => self.trust.put_seal(statement, &s.stamp, seal),
            };
            if sealed {
                put += 1;
            }
        }
        if put > 0 {
            self.trust.add(card, How::MadeHere);
        }
        put
    }

    /// Trusts `card`'s key for its side, confirmed on `on` by its fingerprint (read with its
    /// holder).
    pub fn confirm_key(&mut self, card: KeyCard, on: NaiveDate) {
        self.trust.add(card, How::Confirmed { on });
    }

    /// The steps of `side` this file would carry that were signed on this machine, with a key
    /// made here: someone here took them under that side's name ("Changer"), and that side,
    /// which does not know the key, will refuse them. In words, for the export's warning.
    pub fn signed_here_for(&self, side: Side) -> Vec<String> {
        let party = &self.convention.party(side).short_name;
        let mut lines = Vec::new();
        for r in self.sealed_records() {
            for s in r.signed_steps() {
                let made_here = s.seal.is_some_and(|seal| {
                    self.trust
                        .get(&seal.key)
                        .is_some_and(|k| k.how == How::MadeHere)
                });
                if s.stamp.actor.side != side || !made_here {
                    continue;
                }
                lines.push(format!(
                    "« {} » de {}, le {} par {} : pris sur cette machine au nom de {party}, avec \
                     une clé que {party} ne connaît pas ; {party} le refusera.",
                    s.label,
                    self.sealed_name(r),
                    fr(s.stamp.at.date()),
                    s.stamp.actor.name,
                ));
            }
        }
        lines
    }

    /// Every record whose steps are signed.
    pub fn sealed_records(&self) -> Vec<&dyn SignedHistory> {
        let amendments = self.convention.terms().amendments.iter();
        amendments
            .map(|a| a as &dyn SignedHistory)
            .chain(self.actions.values().map(|a| a as &dyn SignedHistory))
            .chain(self.requests.values().map(|r| r as &dyn SignedHistory))
            .chain(self.issued.values().map(|t| t as &dyn SignedHistory))
            .chain(self.journal.values().map(|e| e as &dyn SignedHistory))
            .chain(self.diffusion.values().map(|d| d as &dyn SignedHistory))
            .chain(self.companies.values().map(|c| c as &dyn SignedHistory))
            .chain(
                self.collaborations
                    .values()
                    .map(|c| c as &dyn SignedHistory),
            )
            .chain(
                self.convention
                    .terms()
                    .termination
                    .iter()
                    .map(|t| t as &dyn SignedHistory),
            )
            .collect()
    }

    /// The record of `kind` and `id` whose steps are signed.
    pub fn sealed_record(&self, kind: SealedKind, id: &str) -> Option<&dyn SignedHistory> {
        let terms = self.convention.terms();
        match kind {
            SealedKind::Action => self.actions.get(&ActionId(id.into())).map(|a| a as _),
            SealedKind::Request => self.requests.get(&RequestId(id.into())).map(|r| r as _),
            SealedKind::Amendment => terms
                .amendments
                .iter()
                .find(|a| a.id.0 == id)
                .map(|a| a as _),
            SealedKind::Journal => self.journal.get(&EntryId(id.into())).map(|e| e as _),
            SealedKind::Diffusion => self.diffusion.get(&DiffusionId(id.into())).map(|d| d as _),
            SealedKind::Issued => self.issued.get(id).map(|t| t as _),
            SealedKind::Company => self.companies.get(&CompanyId(id.into())).map(|c| c as _),
            SealedKind::Collaboration => self
                .collaborations
                .get(&CompanyId(id.into()))
                .map(|c| c as _),
            SealedKind::Termination => terms.termination.as_ref().map(|t| t as _),
        }
    }

    /// Puts `seal` on step `step` stamped `stamp` of the record of `kind` and `id`; `false` if
    /// it has no such unsealed step. Each kind called by its own type, not through `dyn`: this
    /// runs at every change, in the shipped build's first download, which then carries no facts'
    /// code.
    fn put_seal(
        &mut self,
        kind: SealedKind,
        id: &str,
        step: &str,
        stamp: &Stamp,
        seal: Seal,
    ) -> bool {
        fn put<T: SignedHistory>(r: Option<&mut T>, step: &str, stamp: &Stamp, seal: Seal) -> bool {
            r.is_some_and(|r| r.put_seal(step, stamp, seal))
        }
        match kind {
            SealedKind::Action => put(
                self.actions.get_mut(&ActionId(id.into())),
                step,
                stamp,
                seal,
            ),
            SealedKind::Request => put(
                self.requests.get_mut(&RequestId(id.into())),
                step,
                stamp,
                seal,
            ),
            SealedKind::Amendment => put(self.convention.amendment_mut(id), step, stamp, seal),
            SealedKind::Journal => {
                put(self.journal.get_mut(&EntryId(id.into())), step, stamp, seal)
            }
            SealedKind::Diffusion => put(
                self.diffusion.get_mut(&DiffusionId(id.into())),
                step,
                stamp,
                seal,
            ),
            SealedKind::Issued => put(self.issued.get_mut(id), step, stamp, seal),
            SealedKind::Company => put(
                self.companies.get_mut(&CompanyId(id.into())),
                step,
                stamp,
                seal,
            ),
            SealedKind::Collaboration => put(
                self.collaborations.get_mut(&CompanyId(id.into())),
                step,
                stamp,
                seal,
            ),
            SealedKind::Termination => put(self.convention.termination_mut(), step, stamp, seal),
        }
    }

    /// The keys whose signatures this ledger's records carry.
    pub fn seal_keys(&self) -> std::collections::BTreeSet<KeyId> {
        let mut keys = std::collections::BTreeSet::new();
        signed::keys_of(&self.convention.terms().amendments, &mut keys);
        signed::keys_of(self.companies.values(), &mut keys);
        signed::keys_of(self.actions.values(), &mut keys);
        signed::keys_of(self.requests.values(), &mut keys);
        signed::keys_of(self.issued.values(), &mut keys);
        signed::keys_of(self.journal.values(), &mut keys);
        signed::keys_of(self.diffusion.values(), &mut keys);
        signed::keys_of(self.collaborations.values(), &mut keys);
        signed::keys_of(&self.convention.terms().termination, &mut keys);
        keys
    }

    /// A record whose steps are signed, as the user names it: « Menuiserie Durand – Fiche 2 »,
    /// « l'avenant proposé le 15/11/2021 »…
    pub fn sealed_name(&self, r: &dyn SignedHistory) -> String {
        let id = r.sealed_id();
        match r.kind() {
            SealedKind::Action => self
                .actions
                .get(&ActionId(id))
                .map_or_else(String::new, |a| {
                    let company = self
                        .companies
                        .get(a.company())
                        .map_or("", |c| c.name.as_str());
                    format!("{company} – Fiche {}", a.fiche().number())
                }),
            SealedKind::Request => {
                self.requests
                    .get(&RequestId(id))
                    .map_or_else(String::new, |q| {
                        format!(
                            "la demande {}",
                            q.summary(self.requested_company_name(&q.record().company))
                        )
                    })
            }
            SealedKind::Amendment => self
                .convention
                .terms()
                .amendments
                .iter()
                .find(|a| a.id.0 == id)
                .map_or_else(String::new, |a| format!("l'{}", a.label().to_lowercase())),
            SealedKind::Journal => self
                .journal
                .get(&EntryId(id))
                .map_or_else(String::new, |e| {
                    format!("l'entrée du journal « {} »", e.label())
                }),
            SealedKind::Diffusion => self
                .diffusion
                .get(&DiffusionId(id))
                .map_or_else(String::new, |d| {
                    format!("la demande de diffusion à {}", d.record().recipient)
                }),
            SealedKind::Issued => self
                .issued
                .get(&id)
                .map_or_else(String::new, |t| format!("le tableau de {}", t.label())),
            SealedKind::Company => self
                .companies
                .get(&CompanyId(id))
                .map_or_else(String::new, |c| format!("l'entreprise {}", c.name)),
            SealedKind::Collaboration => format!(
                "les offres et demandes de {}",
                self.companies
                    .get(&CompanyId(id.clone()))
                    .map_or(id.as_str(), |c| c.name.as_str())
            ),
            SealedKind::Termination => self
                .convention
                .terms()
                .termination
                .as_ref()
                .map_or_else(String::new, |t| {
                    format!("la résiliation notifiée le {}", fr(t.notified_on))
                }),
        }
    }

    /// The steps of the record of `kind` and `id`, oldest first, each in words with how it is
    /// proved: ("15/11/2021 à 10:00 – Avenant proposé – Marie Dupont (CMA BFC)", "signé (clé …,
    /// de ce poste)").
    pub fn proved_steps(&self, kind: SealedKind, id: &str) -> Vec<(String, String)> {
        let Some(r) = self.sealed_record(kind, id) else {
            return Vec::new();
        };
        r.signed_steps()
            .into_iter()
            .map(|s| {
                let line = format!(
                    "{} à {} – {} – {} ({})",
                    fr(s.stamp.at.date()),
                    crate::domain::date::time_fr(s.stamp.at),
                    s.label,
                    s.stamp.actor.name,
                    self.convention.party(s.stamp.actor.side).short_name
                );
                (line, self.proof(s.seal))
            })
            .collect()
    }

    /// How the step `e` of `action`'s history is proved, in words: its seal, or, for the request
    /// an action answers (a copy of the payer's request, stamped as it), the request's own seal —
    /// "signé (clé …, reconnue le …) par la demande".
    pub fn action_step_proof(&self, action: &crate::domain::action::Action, e: &Event) -> String {
        if e.seal.is_none()
            && e.kind == crate::domain::action::Step::Requested
            && let Some(request) = action
                .record()
                .request
                .as_ref()
                .and_then(|id| self.requests.get(id))
            && let Some(seal) = request.record().history[0].seal.as_ref()
        {
            return format!("{} par la demande", self.proof(Some(seal)));
        }
        self.proof(e.seal.as_ref())
    }

    /// How a step of the history is proved, in words: "signé (clé 3f9a0c…, de ce poste)",
    /// "signé (clé …, reconnue le 01/02/2021)", "non signé (antérieur)".
    pub fn proof(&self, seal: Option<&Seal>) -> String {
        let Some(seal) = seal else {
            return "non signé (antérieur)".to_string();
        };
        match self.trust.get(&seal.key).map(|k| &k.how) {
            Some(How::MadeHere) => format!("signé (clé {}, de ce poste)", seal.key),
            Some(How::Confirmed { on }) => {
                format!("signé (clé {}, reconnue le {})", seal.key, fr(*on))
            }
            Some(How::Introduced { on, .. }) => {
                format!("signé (clé {}, présentée le {})", seal.key, fr(*on))
            }
            None => format!("signé (clé {}, inconnue ici)", seal.key),
        }
    }

    /// This ledger with `other`'s trust decisions as well (another tab's, a backup's).
    pub(crate) fn with_trust_of(mut self, other: &Trust) -> Ledger {
        self.trust = self.trust.merged_with(other);
        self
    }
}
