//! Every way a rule of the convention can say no, as one error type with a French message for the
//! user. The UI shows `to_string()` as it is; code matches on the variants.

use chrono::NaiveDate;
use thiserror::Error;

use super::date::fr;
use super::money::Euros;

/// A refusal by a rule of the domain. The `Display` text is the message shown to the user, in French.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DomainError {
    /// A change made before the user said who they are.
    #[error("Indiquez d'abord qui vous êtes (en haut de la page).")]
    IdentityRequired,
    /// An import confirmed on a preview made before the convention changed.
    #[error(
        "La convention a changé depuis l'aperçu (dans cet onglet ou un autre) : choisissez à nouveau le fichier pour revoir l'aperçu."
    )]
    StalePreview,
    /// An undo with nothing to undo.
    #[error("Rien à annuler.")]
    NothingToUndo,
    /// A settlement of two tabs' versions when none waits.
    #[error("Aucune différence entre onglets n'attend votre choix.")]
    NothingToSettle,
    /// A step that is taken by a gesture of its own, not from an action's panel.
    #[error("« {0} » ne se fait pas depuis les étapes d'une action.")]
    NotAStepOfThePanel(&'static str),
    /// A key this machine does not trust.
    #[error("La clé {0} n'est pas reconnue sur ce poste.")]
    KeyUnknown(String),
    /// A key of the other party: only its own party withdraws it.
    #[error("La clé {key} est celle de {party} : seule {party} peut la présenter ou la retirer.")]
    KeyOfOtherParty {
        /// Its id.
        key: String,
        /// Its party.
        party: String,
    },
    /// A key withdrawn already.
    #[error("La clé {key} a déjà été retirée le {}.", fr(*on))]
    KeyWithdrawn {
        /// Its id.
        key: String,
        /// When.
        on: NaiveDate,
    },
    /// A company named in a request without a SIRET nor a way to reach it.
    #[error(
        "Sans SIRET, indiquez un téléphone ou une adresse e-mail : la chambre consulaire en a besoin pour joindre l'entreprise."
    )]
    ContactRequired,
    /// A required text was left empty; the payload names the field for the user.
    #[error("Le champ « {0} » est obligatoire.")]
    Required(&'static str),
    /// A text is longer than the field allows.
    #[error("Le champ « {field} » dépasse {max} caractères.")]
    TooLong {
        /// The field, as the user sees it.
        field: &'static str,
        /// The maximum number of characters.
        max: usize,
    },
    /// An amount that cannot be read as euros.
    #[error("Montant illisible : « {0} ». Exemple : 1 200,00")]
    AmountUnreadable(String),
    /// An amount with fractions of a cent.
    #[error("Montant trop précis : {0} (au centime près).")]
    AmountTooPrecise(String),
    /// An amount that must be above zero.
    #[error("Le montant de {0} doit être supérieur à zéro.")]
    AmountNotPositive(&'static str),
    /// A required date left empty.
    #[error("Date requise.")]
    DateRequired,
    /// A date that cannot be read.
    #[error("Date illisible : « {0} ». Format attendu : jj/mm/aaaa")]
    DateUnreadable(String),
    /// A SIRET that is not 14 digits.
    #[error("Le SIRET doit comporter 14 chiffres (saisi : {0}).")]
    SiretLength(usize),
    /// A SIRET with something other than digits and spaces.
    #[error("Le SIRET ne doit contenir que des chiffres.")]
    SiretNotDigits,
    /// A SIRET whose check digit is wrong.
    #[error("SIRET invalide : la clé de contrôle ne correspond pas (vérifiez la saisie).")]
    SiretChecksum,
    /// A commune that is not in the convention's territory.
    #[error(
        "La commune « {commune} » ne fait pas partie du territoire de la convention ({territory})."
    )]
    CommuneOutside {
        /// What the user typed.
        commune: String,
        /// The short name of the paying party.
        territory: String,
    },
    /// A company too large for the convention (préambule: "entreprises de moins de 10 salariés").
    #[error("L'entreprise doit compter moins de 10 salariés (saisi : {0}).")]
    StaffTooLarge(u32),
    /// A staff count that is not a whole number.
    #[error("Effectif illisible : « {0} ». Indiquez un nombre de salariés.")]
    StaffUnreadable(String),
    /// A convention whose end is not after its signature.
    #[error("La date de fin ({}) doit suivre la date de signature ({}).", fr(*end), fr(*start))]
    ConventionDates {
        /// The signature date.
        start: NaiveDate,
        /// The end date.
        end: NaiveDate,
    },
    /// A convention without any commune.
    #[error("La convention doit lister au moins une commune.")]
    NoCommune,
    /// A date before the convention was signed or after its end.
    #[error("La date {} est hors de la période de la convention (du {} au {}).", fr(*date), fr(*start), fr(*end))]
    OutsidePeriod {
        /// The refused date.
        date: NaiveDate,
        /// The convention's signature date.
        start: NaiveDate,
        /// The convention's (possibly early) end.
        end: NaiveDate,
    },
    /// A date after the convention's end, which an amendment waiting for acceptance would allow
    /// (art. 3.2).
    #[error("La date {} est hors de la période de la convention (du {} au {}). {amendment} porte la fin au {} mais attend l'accord de {accepting} : une fois accepté, cette date sera possible.", fr(*date), fr(*start), fr(*end), fr(*new_end))]
    OutsidePeriodAmendmentPending {
        /// The refused date.
        date: NaiveDate,
        /// The convention's signature date.
        start: NaiveDate,
        /// The convention's end in force.
        end: NaiveDate,
        /// The amendment waiting ("Avenant proposé le 15/12/2021").
        amendment: String,
        /// The end it proposes.
        new_end: NaiveDate,
        /// The party whose acceptance it waits for.
        accepting: String,
    },
    /// A date after the effective date of a notified termination (art. 3.3).
    #[error("La date {} est postérieure à la résiliation de la convention, effective le {}.", fr(*date), fr(*effective))]
    AfterTermination {
        /// The refused date.
        date: NaiveDate,
        /// Notice date plus three months.
        effective: NaiveDate,
    },
    /// A step dated before the step it follows.
    #[error("La date {} précède celle de l'étape précédente ({} : {}).", fr(*date), previous_step, fr(*previous))]
    BeforePreviousStep {
        /// The refused date.
        date: NaiveDate,
        /// The step it follows, in French.
        previous_step: &'static str,
        /// That step's date.
        previous: NaiveDate,
    },
    /// A lifecycle step that is not legal from the action's current status.
    #[error("Impossible de passer à « {step} » : l'action est au statut « {status} ».")]
    IllegalStep {
        /// The step asked for, in French.
        step: &'static str,
        /// The current status, in French.
        status: &'static str,
    },
    /// Engaging more than the envelope has left (art. 2.2).
    #[error("Enveloppe insuffisante : reste {remaining}, devis {requested}.")]
    EnvelopeExceeded {
        /// What is still available.
        remaining: Euros,
        /// What the devis asks for.
        requested: Euros,
    },
    /// An invoice above its devis: the price is fixed per accompaniment (art. 1).
    #[error(
        "Le montant facturé ({invoiced}) dépasse le devis ({devis}) : le prix est fixé par accompagnement (art. 1)."
    )]
    InvoiceAboveDevis {
        /// The devis amount.
        devis: Euros,
        /// The invoice amount.
        invoiced: Euros,
    },
    /// An invoice below its devis, with no reason given.
    #[error(
        "Le montant facturé ({invoiced}) est inférieur au devis ({devis}) : indiquez la raison de l'écart."
    )]
    InvoiceBelowDevisWithoutReason {
        /// The devis amount.
        devis: Euros,
        /// The invoice amount.
        invoiced: Euros,
    },
    /// A step taken by the side that does not own it (art. 2.1–2.3; see `lifecycle`).
    #[error("« {step} » revient à {owner}, pas à {side}.")]
    NotYourStep {
        /// The step, as the history names it.
        step: &'static str,
        /// The owning party's short name.
        owner: String,
        /// The short name of the party that tried.
        side: String,
    },
    /// A follow-up with neither outcome nor text (art. 2.3).
    #[error("Indiquez au moins un résultat ou un commentaire pour cette suite.")]
    EmptyFollowUp,
    /// An outcome that the action's fiche does not name.
    #[error("« {outcome} » n'est pas un résultat de la fiche {fiche}.")]
    OutcomeOfAnotherFiche {
        /// The outcome's label.
        outcome: &'static str,
        /// The action's fiche number.
        fiche: u8,
    },
    /// Outcomes repeated or out of the annex's order: not written by Relance.
    #[error("Suite incohérente : résultats en double ou dans le désordre.")]
    OutcomesUnsorted,
    /// A follow-up before the service was done: there is nothing to follow yet.
    #[error("Une suite s'enregistre une fois le service fait.")]
    FollowUpBeforeService,
    /// A month issued twice.
    #[error("Le tableau de {0} est déjà arrêté.")]
    MonthIssued(String),
    /// A month not complete yet, or outside the table.
    #[error(
        "Le tableau de {0} ne peut pas être arrêté : seul un mois écoulé de la convention peut l'être."
    )]
    MonthNotIssuable(String),
    /// A receipt of termination without a termination.
    #[error("Aucune résiliation n'est notifiée.")]
    NoTermination,
    /// A receipt of termination recorded twice.
    #[error("L'accusé de réception de la résiliation est déjà enregistré.")]
    ReceiptRecorded,
    /// A receipt of termination read from a file without its date, or recorded by the other side.
    #[error(
        "L'accusé de réception de la résiliation est incohérent : il est enregistré, avec sa date, par la partie qui a notifié la résiliation."
    )]
    ReceiptInconsistent,
    /// A request already answered.
    #[error("Cette demande a déjà reçu une réponse.")]
    RequestAnswered,
    /// A reference to a request that does not exist in this convention.
    #[error("Demande introuvable ({0}).")]
    UnknownRequest(String),
    /// A stored or received request that does not hold together.
    #[error("{request} incohérente : {detail}")]
    InconsistentRequest {
        /// The request, named by its date ("Demande du 01/03/2021").
        request: String,
        /// What is wrong, in French.
        detail: &'static str,
    },
    /// Refusal or cancellation without a reason.
    #[error("Indiquez la raison du refus ou de l'annulation.")]
    ReasonRequired,
    /// A reference to a company that does not exist in this convention.
    #[error("Entreprise introuvable ({0}).")]
    UnknownCompany(String),
    /// A company noted as informed while none of its actions is engaged (art. 2.3).
    #[error(
        "Aucune action de « {0} » n'est engagée : il n'y a pas encore de prise en charge à lui annoncer (art. 2.3)."
    )]
    NothingToInform(String),
    /// A company noted as informed before the payer engaged any of its actions (art. 2.3).
    #[error(
        "L'entreprise ne peut pas avoir été informée le {} : la prise en charge n'a été engagée que le {} (art. 2.3).",
        fr(*on),
        fr(*engaged_on)
    )]
    InformedBeforeEngagement {
        /// The date given.
        on: NaiveDate,
        /// The first engagement of one of its actions.
        engaged_on: NaiveDate,
    },
    /// A date after today for something that has already happened.
    #[error("Le {} est dans le futur : indiquez la date à laquelle c'est arrivé.", fr(*.0))]
    InTheFuture(NaiveDate),
    /// A reference to an action that does not exist in this convention.
    #[error("Action introuvable ({0}).")]
    UnknownAction(String),
    /// A reference to a convention that does not exist.
    #[error("Convention introuvable ({0}).")]
    UnknownConvention(String),
    /// A convention already holding the most records allowed.
    #[error("Cette convention a atteint le nombre maximal d'enregistrements ({0}).")]
    TooManyRecords(usize),
    /// An identifier used twice.
    #[error("L'identifiant {0} existe déjà.")]
    DuplicateId(String),
    /// A fiche number that is not 1, 2 or 3.
    #[error("Fiche action inconnue : {0} (1, 2 ou 3).")]
    UnknownFiche(u8),
    /// Offers and demands recorded for a company without a fiche 3 action.
    #[error("{0} n'a pas d'action de la fiche 3 (mise en réseau et circuits courts).")]
    NotFiche3(String),
    /// A step of a diffusion request its history does not allow, with the reason in French.
    #[error("Refusé : {0}.")]
    DiffusionRefused(String),
    /// A reference to a diffusion request that does not exist.
    #[error("Demande de diffusion introuvable ({0}).")]
    UnknownDiffusion(String),
    /// An amendment that changes nothing.
    #[error(
        "L'avenant doit changer au moins la date de fin, l'enveloppe, les communes ou les prix."
    )]
    EmptyAmendment,
    /// An amendment dated on or before the convention's signature.
    #[error("Les dates d'un avenant suivent la signature de la convention ({}).", fr(*.0))]
    AmendmentBeforeSignature(NaiveDate),
    /// An amendment ending the scheme earlier than it ends now.
    #[error("La nouvelle fin ({}) ne peut pas précéder la fin actuelle ({}) : une fin anticipée passe par la résiliation (art. 3.3).", fr(*end), fr(*current))]
    AmendmentShortens {
        /// The amended end.
        end: NaiveDate,
        /// The end now.
        current: NaiveDate,
    },
    /// A commune added that is already in the territory.
    #[error("La commune « {0} » fait déjà partie du territoire.")]
    CommuneAlreadyIn(String),
    /// An amendment accepted twice.
    #[error("Cet avenant est déjà en vigueur.")]
    AmendmentAccepted,
    /// A reference to an amendment that does not exist.
    #[error("Avenant introuvable ({0}).")]
    UnknownAmendment(String),
    /// An envelope amended below what is already engaged.
    #[error(
        "La nouvelle enveloppe ({envelope}) est inférieure aux fonds déjà engagés ({engaged})."
    )]
    EnvelopeBelowEngaged {
        /// The amended envelope.
        envelope: Euros,
        /// Engaged so far.
        engaged: Euros,
    },
    /// A journal entry dated before the convention was signed.
    #[error("L'entrée du journal ne peut pas précéder la signature de la convention ({}).", fr(*.0))]
    EntryBeforeSignature(NaiveDate),
    /// A meeting naming too many participants for one side.
    #[error("Au plus {0} participants par partie.")]
    TooManyParticipants(usize),
    /// A next meeting not after the meeting.
    #[error("Le prochain rendez-vous doit suivre celui du {}.", fr(*.0))]
    NextMeetingBefore(NaiveDate),
    /// A change turning a meeting into a promotion action or the reverse.
    #[error(
        "Un rendez-vous reste un rendez-vous, une action de promotion reste une action de promotion."
    )]
    EntryKindChanged,
    /// A received entry whose texts were not kept as Relance keeps them (spaces, empty names).
    #[error("Entrée du journal mal formée (textes non normalisés).")]
    EntryNotNormalised,
    /// A reference to a journal entry that does not exist in this convention.
    #[error("Entrée du journal introuvable ({0}).")]
    UnknownEntry(String),
    /// A stored action whose recorded steps do not follow the lifecycle.
    #[error("{action} incohérente : {detail}")]
    InconsistentAction {
        /// The action, named by its fiche and date ("Action de la fiche 2 du 01/02/2021").
        action: String,
        /// What is wrong, in French.
        detail: &'static str,
    },
}
