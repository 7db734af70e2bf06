//! The convention itself: the two parties, the period, the envelope, the price list and the
//! territory. [`Convention::seed`] is the CCST – CMA BFC convention of 27/11/2020, the built-in
//! default; other conventions of the regional Pacte (another EPCI, other dates, envelope or prices)
//! are built with [`Convention::new`], which checks them.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::amendment::{Acceptance, Amendment, AmendmentId, Changes};
use super::audit::Stamp;
use super::date::{add_months, fr};
use super::error::DomainError;
use super::money::Euros;
use super::signed::{SealedKind, SignedHistory, Stated, StepView, fill_seal, stated_by, text_fact};
use super::signing::{Facts, Seal};

pub use super::fiche::{Fiche, PriceList};

/// Stable identifier of a convention, shared by both parties in exchange files.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConventionId(pub String);

impl fmt::Display for ConventionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which side of the convention someone acts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Side {
    /// The chamber that runs the actions (the CMA BFC, délégation 90, in the seed).
    Chamber,
    /// The intercommunality that pays (the CCST in the seed).
    Payer,
}

impl Side {
    /// The other side of the convention.
    pub fn other(self) -> Side {
        match self {
            Side::Chamber => Side::Payer,
            Side::Payer => Side::Chamber,
        }
    }
}

/// One signatory ("CONVENTION ENTRE LES SOUSSIGNES", before the préambule).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Full legal name.
    pub name: String,
    /// Short name used on screen and in file names ("CCST", "CMA BFC").
    pub short_name: String,
    /// Postal address.
    pub address: String,
    /// Who signs for it.
    pub representative: String,
}

/// Notice of termination sent by one party (art. 3.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Termination {
    /// The date of the registered letter.
    #[serde(with = "crate::domain::date::serde_day")]
    pub notified_on: NaiveDate,
    /// The date its acknowledgment of receipt gives, once known: the notice runs from it
    /// (art. 3.3: "par lettre recommandée avec accusé de réception").
    #[serde(
        default,
        with = "crate::domain::date::serde_day_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub received_on: Option<NaiveDate>,
    /// The breach the letter names.
    pub reason: String,
    /// Who recorded it, for which side, and when: the side is the one that notified.
    pub recorded: Stamp,
    /// The notice's date and reason and its author's signature (format 7; `None`: recorded
    /// before, or not yet signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
    /// Who recorded the receipt's date, and when (format 7; before, the receipt was recorded
    /// under the notice's stamp, which then stands for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_recorded: Option<Stamp>,
    /// The receipt's date and its author's signature (format 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_seal: Option<Seal>,
}

impl Termination {
    /// Who recorded the receipt and when, once recorded: its own stamp, or the notice's for a
    /// receipt recorded before format 7.
    pub fn receipt_stamp(&self) -> Option<&Stamp> {
        self.received_on
            .map(|_| self.receipt_recorded.as_ref().unwrap_or(&self.recorded))
    }
}

/// The steps of a termination, as files and the canonical form write them.
const NOTIFIED: &str = "Notified";
const RECEIVED: &str = "Received";

/// A termination's signed steps (docs/echange.md, « Étapes signées »): the notice states the
/// letter's date and the breach it names (`on`, `reason`); the receipt its date (`on`). There is
/// one termination per convention: its id is `notice`.
impl SignedHistory for Termination {
    fn kind(&self) -> SealedKind {
        SealedKind::Termination
    }

    fn sealed_id(&self) -> String {
        "notice".to_string()
    }

    fn signed_steps(&self) -> Vec<StepView<'_>> {
        let mut steps = vec![StepView {
            step: NOTIFIED,
            label: "Résiliation notifiée",
            stamp: &self.recorded,
            seal: self.seal.as_ref(),
        }];
        if let Some(stamp) = self.receipt_stamp() {
            steps.push(StepView {
                step: RECEIVED,
                label: "Accusé de réception enregistré",
                stamp,
                seal: self.receipt_seal.as_ref(),
            });
        }
        steps
    }

    fn step_facts(&self, step: &str, _stamp: &Stamp) -> Facts {
        match (step, self.received_on) {
            (NOTIFIED, _) => Facts::from([
                ("on".to_string(), self.notified_on.to_string()),
                ("reason".to_string(), text_fact(&self.reason)),
            ]),
            (RECEIVED, Some(on)) => Facts::from([("on".to_string(), on.to_string())]),
            _ => Facts::new(),
        }
    }

    fn stated(&self) -> Vec<Stated<'_>> {
        stated_by(self.signed_steps())
    }

    fn step_label(&self, step: &str) -> &'static str {
        match step {
            NOTIFIED => "Résiliation notifiée",
            _ => "Accusé de réception enregistré",
        }
    }

    fn put_seal(&mut self, step: &str, stamp: &Stamp, seal: Seal) -> bool {
        let slot = match step {
            NOTIFIED if &self.recorded == stamp => &mut self.seal,
            RECEIVED if self.receipt_stamp() == Some(stamp) => &mut self.receipt_seal,
            _ => return false,
        };
        fill_seal(slot, seal)
    }
}

/// How many months a devis is offered for, within the convention's period.
pub const DEVIS_VALIDITY_MONTHS: u32 = 3;

/// The CCST's 27 member communes (art. 2.1: needs identified "auprès d'entreprises implantées sur
/// la CCST"; the convention itself does not list them).
pub const CCST_COMMUNES: [&str; 27] = [
    "Beaucourt",
    "Boron",
    "Brebotte",
    "Bretagne",
    "Chavanatte",
    "Chavannes-les-Grands",
    "Courcelles",
    "Courtelevant",
    "Croix",
    "Delle",
    "Faverois",
    "Fêche-l'Église",
    "Florimont",
    "Froidefontaine",
    "Grandvillars",
    "Grosne",
    "Joncherey",
    "Lebetain",
    "Lepuix-Neuf",
    "Montbouton",
    "Recouvrance",
    "Réchésy",
    "Saint-Dizier-l'Évêque",
    "Suarce",
    "Thiancourt",
    "Vellescot",
    "Villars-le-Sec",
];

/// Up to `most` of `communes` that contain what was `typed` (whatever the case, accents or
/// apostrophe), those that start with it first, for the suggestions of the commune field.
pub fn matching_communes(communes: &[String], typed: &str, most: usize) -> Vec<String> {
    let wanted = super::text::fold_accents(typed.trim());
    let folded: Vec<(String, &String)> = communes
        .iter()
        .map(|c| (super::text::fold_accents(c), c))
        .collect();
    let starts = folded.iter().filter(|(f, _)| f.starts_with(&wanted));
    let inside = folded
        .iter()
        .filter(|(f, _)| !f.starts_with(&wanted) && f.contains(&wanted));
    starts
        .chain(inside)
        .take(most)
        .map(|(_, c)| (*c).clone())
        .collect()
}

/// The terms of one partnership convention. Built only through [`Convention::new`] or
/// [`Convention::seed`], so a value always holds consistent terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ConventionTerms", into = "ConventionTerms")]
pub struct Convention {
    terms: ConventionTerms,
}

/// The raw terms of a convention, as typed in a form or read from a file, before checking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConventionTerms {
    /// Stable identifier.
    pub id: ConventionId,
    /// Title shown on screen.
    pub title: String,
    /// The paying intercommunality (CCST in the seed).
    pub payer: Party,
    /// The chamber running the actions (CMA BFC in the seed).
    pub chamber: Party,
    /// Date of signature (start of the period).
    #[serde(with = "crate::domain::date::serde_day")]
    pub signed_on: NaiveDate,
    /// End of the scheme (art. 3.2).
    #[serde(with = "crate::domain::date::serde_day")]
    pub ends_on: NaiveDate,
    /// Maximum the payer finances (art. 2.2).
    pub envelope: Euros,
    /// Notice before a termination takes effect, in months (art. 3.3).
    pub notice_months: u32,
    /// Price of each fiche (art. 1).
    pub prices: PriceList,
    /// Communes of the territory (art. 2.1: companies established on it).
    pub communes: Vec<String>,
    /// A notified termination, if any (art. 3.3).
    pub termination: Option<Termination>,
    /// The legal basis of the aid each company receives, which the beneficiary letter states
    /// (art. 2.3); de minimis in files written before format 3.
    #[serde(default)]
    pub aid_basis: AidBasis,
    /// The amendments proposed and accepted (format 4), in the order they were proposed; only
    /// those in force change the terms above ([`Convention::envelope`], [`Convention::last_day`],
    /// [`Convention::commune`], [`Convention::price_on`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<Amendment>,
}

/// The legal basis of the aid: the convention's "Vu" list the de minimis regulation (UE) n°
/// 1407/2013, the temporary framework for Covid-19 (State aid SA.56985) and the exempted regimes
/// without choosing; the parties set it when they create a convention.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AidBasis {
    /// Règlement (UE) n° 1407/2013, aides de minimis.
    #[default]
    DeMinimis,
    /// Régime cadre temporaire Covid-19, SA.56985.
    TemporaryFramework,
    /// Régimes cadres exemptés (aides aux PME, 2014-2020).
    ExemptedRegimes,
}

impl AidBasis {
    /// Every basis, as the form offers them.
    pub const ALL: [AidBasis; 3] = [
        AidBasis::DeMinimis,
        AidBasis::TemporaryFramework,
        AidBasis::ExemptedRegimes,
    ];

    /// Its name in the convention form.
    pub fn label(self) -> &'static str {
        match self {
            AidBasis::DeMinimis => "Aides de minimis (règlement (UE) n° 1407/2013)",
            AidBasis::TemporaryFramework => "Régime cadre temporaire Covid-19 (SA.56985)",
            AidBasis::ExemptedRegimes => "Régimes cadres exemptés (aides aux PME, 2014-2020)",
        }
    }

    /// What the beneficiary letter tells the company (art. 2.3).
    pub fn letter_sentence(self) -> &'static str {
        match self {
            AidBasis::DeMinimis => {
                "Cette aide relève du règlement (UE) n° 1407/2013 relatif aux aides de minimis : conservez ce courrier, il vous sera utile pour déclarer les aides de minimis reçues par votre entreprise."
            }
            AidBasis::TemporaryFramework => {
                "Cette aide relève du régime cadre temporaire pour le soutien aux entreprises dans le cadre du Covid-19 (régime d'aide d'État SA.56985) : conservez ce courrier, il atteste l'aide reçue par votre entreprise."
            }
            AidBasis::ExemptedRegimes => {
                "Cette aide relève des régimes cadres exemptés relatifs aux aides en faveur des PME (période 2014-2020) : conservez ce courrier, il atteste l'aide reçue par votre entreprise."
            }
        }
    }
}

impl Convention {
    /// Checks the terms: names present, end after signature, envelope and prices above zero, at
    /// least one commune.
    pub fn new(terms: ConventionTerms) -> Result<Convention, DomainError> {
        if terms.id.0.trim().is_empty() {
            return Err(DomainError::Required("identifiant"));
        }
        if terms.title.trim().is_empty() {
            return Err(DomainError::Required("intitulé"));
        }
        for (party, field) in [
            (&terms.payer, "financeur"),
            (&terms.chamber, "chambre consulaire"),
        ] {
            if party.name.trim().is_empty() || party.short_name.trim().is_empty() {
                return Err(DomainError::Required(field));
            }
        }
        if terms.ends_on <= terms.signed_on {
            return Err(DomainError::ConventionDates {
                start: terms.signed_on,
                end: terms.ends_on,
            });
        }
        terms.envelope.positive("l'enveloppe")?;
        terms.prices.relance.positive("la fiche 1")?;
        terms.prices.digital.positive("la fiche 2")?;
        terms.prices.circuits_courts.positive("la fiche 3")?;
        if terms.communes.iter().all(|c| c.trim().is_empty()) {
            return Err(DomainError::NoCommune);
        }
        if let Some(t) = &terms.termination {
            let receipt_alone = t.received_on.is_none()
                && (t.receipt_recorded.is_some() || t.receipt_seal.is_some());
            let by_other = t
                .receipt_recorded
                .as_ref()
                .is_some_and(|r| r.actor.side != t.recorded.actor.side);
            if receipt_alone || by_other {
                return Err(DomainError::ReceiptInconsistent);
            }
        }
        // Each amendment checked against the terms as the ones before it left them.
        let mut terms = terms;
        let amendments = std::mem::take(&mut terms.amendments);
        let mut convention = Convention { terms };
        for a in amendments {
            a.check(&convention)?;
            convention.terms.amendments.push(a);
        }
        Ok(convention)
    }

    /// The amendments in force, in the order they were proposed.
    fn in_force(&self) -> impl Iterator<Item = &Changes> {
        self.terms
            .amendments
            .iter()
            .filter(|a| a.in_force())
            .map(|a| &a.changes)
    }

    /// The end of the scheme (art. 3.2), as the amendments in force set it.
    pub fn ends_on(&self) -> NaiveDate {
        self.in_force()
            .filter_map(|c| c.ends_on)
            .last()
            .unwrap_or(self.terms.ends_on)
    }

    /// The communes of the territory (art. 2.1), with those the amendments in force added.
    pub fn communes(&self) -> Vec<String> {
        let mut all = self.terms.communes.clone();
        all.extend(
            self.in_force()
                .flat_map(|c| c.communes_added.iter().cloned()),
        );
        all
    }

    /// The price of a devis of `fiche` sent on `sent_on` (art. 1): the convention's, or the last
    /// amendment in force that sets prices from that day or before.
    pub fn price_on(&self, fiche: Fiche, sent_on: NaiveDate) -> Euros {
        self.prices_on(sent_on).price(fiche)
    }

    /// The price list for devis sent on `on` (art. 1, and the amendments in force): an amendment's
    /// prices apply from their date, but never before its acceptance — a devis sent before keeps
    /// the price then in force.
    pub fn prices_on(&self, on: NaiveDate) -> &PriceList {
        self.terms
            .amendments
            .iter()
            .filter_map(|a| Some((a.accepted.as_ref()?.on, a.changes.prices.as_ref()?)))
            .rfind(|(accepted, p)| p.from.max(*accepted) <= on)
            .map_or(&self.terms.prices, |(_, p)| &p.prices)
    }

    /// Adds an amendment proposed by `a.proposed`'s party, checked; it changes nothing until the
    /// other party accepts it.
    pub fn propose_amendment(&mut self, a: Amendment) -> Result<(), DomainError> {
        if self.terms.amendments.iter().any(|o| o.id == a.id) {
            return Err(DomainError::DuplicateId(a.id.0));
        }
        let a = Amendment {
            accepted: None,
            ..a
        };
        a.check(self)?;
        self.put_amendment(a)
    }

    /// Records the other party's acceptance of amendment `id` on `on`: from then on it is in
    /// force.
    pub fn accept_amendment(
        &mut self,
        id: &AmendmentId,
        on: NaiveDate,
        stamp: Stamp,
    ) -> Result<(), DomainError> {
        let mut terms = self.terms.clone();
        let a = terms
            .amendments
            .iter_mut()
            .find(|a| &a.id == id)
            .ok_or_else(|| DomainError::UnknownAmendment(id.0.clone()))?;
        if a.in_force() {
            return Err(DomainError::AmendmentAccepted);
        }
        a.accepted = Some(Acceptance {
            on,
            stamp,
            seal: None,
        });
        *self = Convention::new(terms)?;
        Ok(())
    }

    /// Amendment `id`, to put a seal on (a seal changes none of the terms).
    pub(crate) fn amendment_mut(&mut self, id: &str) -> Option<&mut Amendment> {
        self.terms.amendments.iter_mut().find(|a| a.id.0 == id)
    }

    /// The termination, to put a seal on its steps.
    pub(crate) fn termination_mut(&mut self) -> Option<&mut Termination> {
        self.terms.termination.as_mut()
    }

    /// Puts an amendment received from the other party (exchange merge): replaces the one of the
    /// same id, or adds it in the order of proposal; refused (the convention unchanged) if the
    /// terms then do not hold together.
    pub(crate) fn put_amendment(&mut self, a: Amendment) -> Result<(), DomainError> {
        let mut terms = self.terms.clone();
        terms.amendments.retain(|o| o.id != a.id);
        terms.amendments.push(a);
        // In the order of proposal (date, moment, id): the same on every machine, whatever order
        // they were recorded or received in; the later one in force wins.
        terms.amendments.sort_by(|x, y| {
            (x.proposed_on, x.proposed.at, &x.id).cmp(&(y.proposed_on, y.proposed.at, &y.id))
        });
        *self = Convention::new(terms)?;
        Ok(())
    }

    /// The convention of 27/11/2020 between the CCST and the CMA BFC, délégation 90: envelope
    /// 5 000 € (art. 2.2), prices 300 / 1 200 / 600 € (art. 1), end 31/12/2021 (art. 3.2), notice
    /// three months (art. 3.3), the CCST's 27 communes.
    pub fn seed() -> Convention {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        Convention {
            terms: ConventionTerms {
                id: ConventionId("ccst-cma-2020".to_string()),
                title: "Plan de relance – Pacte régional pour les territoires (CCST 2020)"
                    .to_string(),
                payer: Party {
                    name: "Communauté de Communes du Sud Territoire".to_string(),
                    short_name: "CCST".to_string(),
                    address: "8 place Raymond Forni, 90100 Delle".to_string(),
                    representative: "Christian RAYOT, Président".to_string(),
                },
                chamber: Party {
                    name: "Chambre de Métiers et de l'Artisanat de Région Bourgogne Franche-Comté \
                           – Délégation Territoire de Belfort"
                        .to_string(),
                    short_name: "CMA BFC".to_string(),
                    address: "40 Grande Rue, 90400 Trévenans".to_string(),
                    representative:
                        "Emmanuel POYEN, Président ; par délégation Christian ORLANDI, \
                                     Président de la Délégation 90"
                            .to_string(),
                },
                signed_on: date(2020, 11, 27),
                ends_on: date(2021, 12, 31),
                envelope: Euros::whole(5000),
                notice_months: 3,
                prices: PriceList {
                    relance: Euros::whole(300),
                    digital: Euros::whole(1200),
                    circuits_courts: Euros::whole(600),
                },
                communes: CCST_COMMUNES.iter().map(|c| c.to_string()).collect(),
                termination: None,
                aid_basis: AidBasis::DeMinimis,
                amendments: Vec::new(),
            },
        }
    }

    /// The raw terms, for display and editing.
    pub fn terms(&self) -> &ConventionTerms {
        &self.terms
    }

    /// Stable identifier.
    pub fn id(&self) -> &ConventionId {
        &self.terms.id
    }

    /// The envelope (art. 2.2), as the amendments in force set it.
    pub fn envelope(&self) -> Euros {
        self.in_force()
            .filter_map(|c| c.envelope)
            .last()
            .unwrap_or(self.terms.envelope)
    }

    /// The party on `side`.
    pub fn party(&self, side: Side) -> &Party {
        match side {
            Side::Chamber => &self.terms.chamber,
            Side::Payer => &self.terms.payer,
        }
    }

    /// The date a notified termination takes effect: the notice period from the acknowledgment of
    /// receipt, or from the letter while the receipt is not known (art. 3.3).
    pub fn termination_effective(&self) -> Option<NaiveDate> {
        self.terms.termination.as_ref().map(|t| {
            add_months(
                t.received_on.unwrap_or(t.notified_on),
                self.terms.notice_months,
            )
        })
    }

    /// What a termination means for amendment `a` when both stand (an extension accepted on one
    /// machine while the other notified the termination, or after it): the convention ends at
    /// the termination's effect (art. 3.3), before the end the amendment set. In French; `None`
    /// when the amendment's end is not cut short.
    pub fn amendment_cut_short(&self, a: &super::amendment::Amendment) -> Option<String> {
        let end = a.changes.ends_on.filter(|_| a.in_force())?;
        let t = self.terms.termination.as_ref()?;
        let effective = self.termination_effective()?;
        (effective < end).then(|| {
            format!(
                "La résiliation notifiée le {} met fin à la convention le {} (art. 3.3) : la fin au {} que fixe cet avenant ne s'applique pas.",
                super::date::fr(t.notified_on),
                super::date::fr(effective),
                super::date::fr(end)
            )
        })
    }

    /// The last day anything may be prescribed, engaged or done: the end of the scheme (art. 3.2),
    /// or the termination's effective date if earlier (art. 3.3).
    pub fn last_day(&self) -> NaiveDate {
        let end = self.ends_on();
        match self.termination_effective() {
            Some(effective) if effective < end => effective,
            _ => end,
        }
    }

    /// Whether the convention had ended by the end of day `on`: its last day (art. 3.2, or a
    /// termination's effect, art. 3.3) has passed. The final bilan is due from then (art. 1).
    pub fn ended_by(&self, on: NaiveDate) -> bool {
        on >= self.last_day()
    }

    /// Refuses a date before the signature, after the end of the scheme (art. 3.2) or after a
    /// notified termination's effective date (art. 3.3).
    pub fn check_in_period(&self, date: NaiveDate) -> Result<(), DomainError> {
        if let Some(effective) = self.termination_effective()
            && date > effective
            && effective < self.ends_on()
        {
            return Err(DomainError::AfterTermination { date, effective });
        }
        if date > self.ends_on()
            && let Some((a, new_end)) = self
                .terms
                .amendments
                .iter()
                .filter(|a| !a.in_force())
                .find_map(|a| a.changes.ends_on.filter(|end| date <= *end).map(|e| (a, e)))
        {
            return Err(DomainError::OutsidePeriodAmendmentPending {
                date,
                start: self.terms.signed_on,
                end: self.last_day(),
                amendment: a.label(),
                new_end,
                accepting: self.party(a.accepting_side()).short_name.clone(),
            });
        }
        if date < self.terms.signed_on || date > self.ends_on() {
            return Err(DomainError::OutsidePeriod {
                date,
                start: self.terms.signed_on,
                end: self.last_day(),
            });
        }
        Ok(())
    }

    /// Records a termination notified on `notified_on` by the side of `recorded`'s author
    /// (art. 3.3). The convention stays in force until the notice runs out.
    pub fn notify_termination(
        &mut self,
        notified_on: NaiveDate,
        reason: &str,
        recorded: Stamp,
    ) -> Result<(), DomainError> {
        if reason.trim().is_empty() {
            return Err(DomainError::ReasonRequired);
        }
        self.check_in_period(notified_on)?;
        self.terms.termination = Some(Termination {
            notified_on,
            received_on: None,
            reason: reason.trim().to_string(),
            recorded,
            seal: None,
            receipt_recorded: None,
            receipt_seal: None,
        });
        Ok(())
    }

    /// Records the date of the acknowledgment of receipt of the notified termination: the notice
    /// runs from it (art. 3.3). Recorded by the side that notified, once, on or after the letter.
    pub fn record_termination_receipt(
        &mut self,
        received_on: NaiveDate,
        recorded: &Stamp,
    ) -> Result<(), DomainError> {
        let notifier = match &self.terms.termination {
            Some(t) => t.recorded.actor.side,
            None => return Err(DomainError::NoTermination),
        };
        if notifier != recorded.actor.side {
            return Err(DomainError::NotYourStep {
                step: "Accusé de réception de la résiliation",
                owner: self.party(notifier).short_name.clone(),
                side: self.party(recorded.actor.side).short_name.clone(),
            });
        }
        let Some(t) = self.terms.termination.as_mut() else {
            return Err(DomainError::NoTermination);
        };
        if t.received_on.is_some() {
            return Err(DomainError::ReceiptRecorded);
        }
        if received_on < t.notified_on {
            return Err(DomainError::BeforePreviousStep {
                date: received_on,
                previous_step: "lettre recommandée",
                previous: t.notified_on,
            });
        }
        t.received_on = Some(received_on);
        t.receipt_recorded = Some(recorded.clone());
        Ok(())
    }

    /// Sets the termination as received from the other party.
    pub(crate) fn set_termination(&mut self, termination: Option<Termination>) {
        self.terms.termination = termination;
    }

    /// Finds a commune of the territory — whatever the case, the accents and the kind of
    /// apostrophe typed — and returns its spelling in the convention; refuses any other (art. 2.1:
    /// "entreprises implantées sur la CCST").
    pub fn commune(&self, input: &str) -> Result<&str, DomainError> {
        let wanted = super::text::fold_accents(input.trim());
        self.terms
            .communes
            .iter()
            .chain(self.in_force().flat_map(|c| c.communes_added.iter()))
            .find(|c| super::text::fold_accents(c) == wanted)
            .map(String::as_str)
            .ok_or_else(|| {
                if wanted.is_empty() {
                    DomainError::Required("commune")
                } else {
                    DomainError::CommuneOutside {
                        commune: input.trim().to_string(),
                        territory: self.terms.payer.short_name.clone(),
                    }
                }
            })
    }

    /// How long a devis sent on `sent_on` stays valid: three months, but never past the last day
    /// the convention allows an engagement (art. 3.2, 3.3).
    pub fn devis_valid_until(&self, sent_on: NaiveDate) -> NaiveDate {
        add_months(sent_on, DEVIS_VALIDITY_MONTHS).min(self.last_day())
    }

    /// "Source : CMA BFC – CCST, convention du 27/11/2020": the mention every diffused figure
    /// carries (art. 3.1).
    pub fn source_line(&self) -> String {
        format!(
            "Source : {} – {}, convention du {}",
            self.terms.chamber.short_name,
            self.terms.payer.short_name,
            fr(self.terms.signed_on)
        )
    }
}

impl TryFrom<ConventionTerms> for Convention {
    type Error = DomainError;
    fn try_from(terms: ConventionTerms) -> Result<Self, Self::Error> {
        Convention::new(terms)
    }
}

impl From<Convention> for ConventionTerms {
    fn from(value: Convention) -> Self {
        value.terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::d;

    #[test]
    fn seed_holds_the_terms_of_the_convention() {
        let c = Convention::seed();
        assert_eq!(c.envelope(), Euros::whole(5000));
        assert_eq!(c.price_on(Fiche::Relance, d(2021, 1, 1)), Euros::whole(300));
        assert_eq!(
            c.price_on(Fiche::Digital, d(2021, 1, 1)),
            Euros::whole(1200)
        );
        assert_eq!(
            c.price_on(Fiche::CircuitsCourts, d(2021, 1, 1)),
            Euros::whole(600)
        );
        assert_eq!(c.terms().signed_on, d(2020, 11, 27));
        assert_eq!(c.terms().ends_on, d(2021, 12, 31));
        assert_eq!(c.terms().notice_months, 3);
        assert_eq!(c.terms().communes.len(), 27);
        assert_eq!(c.party(Side::Payer).short_name, "CCST");
        assert_eq!(
            c.party(Side::Payer).address,
            "8 place Raymond Forni, 90100 Delle"
        );
        assert!(c.party(Side::Chamber).address.contains("Trévenans"));
        assert!(
            Convention::new(c.terms().clone()).is_ok(),
            "the seed passes its own checks"
        );
    }

    #[test]
    fn fiches_have_numbers_titles_and_prices() {
        assert_eq!(Fiche::from_number(2).unwrap(), Fiche::Digital);
        assert_eq!(Fiche::from_number(4), Err(DomainError::UnknownFiche(4)));
        assert_eq!(
            Fiche::CircuitsCourts.to_string(),
            "Fiche 3 – Mise en réseau et promotion des circuits courts"
        );
        assert_eq!(
            Convention::seed().prices_on(d(2021, 1, 1)).cheapest(),
            Euros::whole(300)
        );
        assert!(Fiche::Relance.note_is_sensitive());
        assert!(!Fiche::Digital.note_is_sensitive());
    }

    #[test]
    fn communes_of_the_territory_only() {
        let c = Convention::seed();
        assert_eq!(c.commune("delle").unwrap(), "Delle");
        assert_eq!(c.commune(" Fêche-l'église ").unwrap(), "Fêche-l'Église");
        for typed in ["Feche-l'Eglise", "FECHE-L’EGLISE", "fêche-l\u{2019}église"] {
            assert_eq!(c.commune(typed).unwrap(), "Fêche-l'Église", "{typed}");
        }
        assert_eq!(
            c.commune("saint-dizier-l'eveque").unwrap(),
            "Saint-Dizier-l'Évêque"
        );
        assert_eq!(c.commune("RECHESY").unwrap(), "Réchésy");
        assert_eq!(
            c.commune("Belfort").unwrap_err().to_string(),
            "La commune « Belfort » ne fait pas partie du territoire de la convention (CCST)."
        );
        assert_eq!(c.commune("  "), Err(DomainError::Required("commune")));
    }

    #[test]
    fn suggestions_start_with_what_was_typed_then_contain_it() {
        let c = Convention::seed();
        let communes = &c.terms().communes;
        assert_eq!(matching_communes(communes, "fec", 8), ["Fêche-l'Église"]);
        assert_eq!(
            matching_communes(communes, "l’ev", 8),
            ["Saint-Dizier-l'Évêque"]
        );
        let b = matching_communes(communes, "b", 3);
        assert_eq!(b, ["Beaucourt", "Boron", "Brebotte"]);
        assert_eq!(matching_communes(communes, "", 30).len(), 27);
        assert!(matching_communes(communes, "belfort", 8).is_empty());
    }

    #[test]
    fn period_runs_from_signature_to_end() {
        let c = Convention::seed();
        assert!(c.check_in_period(d(2020, 11, 27)).is_ok());
        assert!(c.check_in_period(d(2021, 12, 31)).is_ok());
        assert_eq!(
            c.check_in_period(d(2022, 1, 1)).unwrap_err().to_string(),
            "La date 01/01/2022 est hors de la période de la convention (du 27/11/2020 au 31/12/2021)."
        );
        assert!(c.check_in_period(d(2020, 11, 26)).is_err());
    }

    #[test]
    fn termination_takes_effect_after_three_months_notice() {
        let mut c = Convention::seed();
        assert_eq!(
            c.notify_termination(d(2021, 3, 15), " ", crate::test_support::stamp(Side::Payer)),
            Err(DomainError::ReasonRequired)
        );
        c.notify_termination(
            d(2021, 3, 15),
            "Engagements non tenus",
            crate::test_support::stamp(Side::Payer),
        )
        .unwrap();
        assert_eq!(c.termination_effective(), Some(d(2021, 6, 15)));
        assert_eq!(c.last_day(), d(2021, 6, 15));
        assert!(c.check_in_period(d(2021, 6, 15)).is_ok());
        assert_eq!(
            c.check_in_period(d(2021, 6, 16)).unwrap_err().to_string(),
            "La date 16/06/2021 est postérieure à la résiliation de la convention, effective le 15/06/2021."
        );
    }

    #[test]
    fn the_notice_runs_from_the_acknowledgment_of_receipt() {
        let mut c = Convention::seed();
        let payer = crate::test_support::stamp(Side::Payer);
        assert_eq!(
            c.record_termination_receipt(d(2021, 3, 20), &payer),
            Err(DomainError::NoTermination)
        );
        c.notify_termination(d(2021, 3, 15), "Engagements non tenus", payer.clone())
            .unwrap();
        assert_eq!(c.termination_effective(), Some(d(2021, 6, 15)));
        // Only the side that notified records its receipt, on or after the letter.
        assert!(matches!(
            c.record_termination_receipt(
                d(2021, 3, 20),
                &crate::test_support::stamp(Side::Chamber)
            ),
            Err(DomainError::NotYourStep { .. })
        ));
        assert!(matches!(
            c.record_termination_receipt(d(2021, 3, 14), &payer),
            Err(DomainError::BeforePreviousStep { .. })
        ));
        c.record_termination_receipt(d(2021, 3, 22), &payer)
            .unwrap();
        assert_eq!(c.termination_effective(), Some(d(2021, 6, 22)));
        assert_eq!(c.last_day(), d(2021, 6, 22));
        // The final bilan is due from the end of its last day.
        assert!(!c.ended_by(d(2021, 6, 21)));
        assert!(c.ended_by(d(2021, 6, 22)));
        assert!(!Convention::seed().ended_by(d(2021, 12, 30)));
        assert!(Convention::seed().ended_by(d(2021, 12, 31)));
        assert_eq!(
            c.record_termination_receipt(d(2021, 3, 23), &payer),
            Err(DomainError::ReceiptRecorded)
        );
    }

    #[test]
    fn the_aid_basis_is_a_term_de_minimis_in_earlier_files() {
        let mut terms = serde_json::to_value(Convention::seed()).unwrap();
        assert_eq!(terms["aid_basis"], "DeMinimis");
        terms.as_object_mut().unwrap().remove("aid_basis");
        let earlier: Convention = serde_json::from_value(terms.clone()).unwrap();
        assert_eq!(
            earlier,
            Convention::seed(),
            "a file of format 1 or 2 has the seed's terms"
        );
        terms["aid_basis"] = "TemporaryFramework".into();
        let chosen: Convention = serde_json::from_value(terms).unwrap();
        assert_eq!(chosen.terms().aid_basis, AidBasis::TemporaryFramework);
        assert!(
            chosen
                .terms()
                .aid_basis
                .letter_sentence()
                .contains("SA.56985")
        );
        assert!(AidBasis::DeMinimis.letter_sentence().contains("1407/2013"));
        assert_ne!(
            chosen,
            Convention::seed(),
            "terms compared on exchange differ"
        );
    }

    #[test]
    fn a_late_termination_does_not_extend_the_convention() {
        let mut c = Convention::seed();
        c.notify_termination(
            d(2021, 11, 1),
            "Motif",
            crate::test_support::stamp(Side::Chamber),
        )
        .unwrap();
        assert_eq!(c.last_day(), d(2021, 12, 31));
        assert!(matches!(
            c.check_in_period(d(2022, 1, 15)),
            Err(DomainError::OutsidePeriod { .. })
        ));
    }

    #[test]
    fn other_conventions_are_checked() {
        let mut terms = Convention::seed().terms().clone();
        terms.id = ConventionId("ccvs-2021".into());
        terms.envelope = Euros::whole(12_000);
        assert_eq!(
            Convention::new(terms.clone()).unwrap().envelope(),
            Euros::whole(12_000)
        );

        let mut bad = terms.clone();
        bad.ends_on = bad.signed_on;
        assert!(matches!(
            Convention::new(bad),
            Err(DomainError::ConventionDates { .. })
        ));
        let mut bad = terms.clone();
        bad.envelope = Euros::ZERO;
        assert_eq!(
            Convention::new(bad).unwrap_err().to_string(),
            "Le montant de l'enveloppe doit être supérieur à zéro."
        );
        let mut bad = terms.clone();
        bad.communes.clear();
        assert_eq!(Convention::new(bad), Err(DomainError::NoCommune));
        let mut bad = terms;
        bad.prices.digital = Euros::ZERO;
        assert!(Convention::new(bad).is_err());
    }

    #[test]
    fn a_devis_is_valid_three_months_within_the_period() {
        let c = Convention::seed();
        assert_eq!(c.devis_valid_until(d(2021, 3, 10)), d(2021, 6, 10));
        assert_eq!(c.devis_valid_until(d(2021, 11, 15)), d(2021, 12, 31));
    }

    #[test]
    fn source_line_names_both_parties_and_the_date() {
        assert_eq!(
            Convention::seed().source_line(),
            "Source : CMA BFC – CCST, convention du 27/11/2020"
        );
    }

    #[test]
    fn deserialising_checks_the_terms() {
        let json = serde_json::to_string(&Convention::seed()).unwrap();
        let back: Convention = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Convention::seed());
        let broken = json.replace("\"5000\"", "\"0\"");
        assert!(serde_json::from_str::<Convention>(&broken).is_err());
    }
}
