/**
 * The planner's corpus: intents as users write them, each with the patterns its plan must use.
 * Every supported intent is planned, written, verified and run to completion by
 * domain/planner/corpus.test.ts; every unsupported one must be refused with its reason.
 */
import type { PatternName } from '../domain/planner/plan.js';

export interface CorpusIntent {
  intent: string;
  patterns: PatternName[];
}

export const SUPPORTED_INTENTS: readonly CorpusIntent[] = [
  { intent: 'Invoice approval: a clerk enters the invoice, a manager approves amounts up to 10,000, above that finance signs off too, then it is paid', patterns: ['WCP-4 exclusive choice', 'role-based offer'] },
  { intent: 'An employee submits an expense report, then a manager approves it, then accounting reimburses the employee.', patterns: ['WCP-1 sequence', 'role-based offer'] },
  { intent: 'The customer places an order. The warehouse picks and packs the order, then the courier ships it.', patterns: ['WCP-1 sequence'] },
  { intent: 'A candidate applies for the job, HR screens the application, then the hiring manager interviews the candidate. If the candidate is accepted, HR sends an offer. Otherwise HR sends a rejection.', patterns: ['WCP-4 exclusive choice', 'WCP-5 simple merge'] },
  { intent: 'Legal reviews the contract while finance checks the budget, then the director signs the contract.', patterns: ['WCP-2 parallel split', 'WCP-3 synchronization'] },
  { intent: 'The author writes the draft, then the editor reviews the draft until it is approved, then the article is published.', patterns: ['WCP-10 arbitrary cycles'] },
  { intent: 'Order fulfilment: the customer submits the order; for each line item the warehouse checks stock; then the order is shipped.', patterns: ['WCP-13 multiple instances with design-time knowledge'] },
  { intent: 'A support agent triages the ticket within 4 hours, then an engineer resolves the ticket within 3 days.', patterns: ['timer'] },
  { intent: 'Purchase request: an employee requests a purchase. If the amount is over 5000, the CFO approves it. Then procurement orders the goods.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'Leave request: the employee submits a leave request, the team lead approves it within 2 days, then HR records the leave.', patterns: ['timer', 'role-based offer'] },
  { intent: 'Receive the shipment, inspect the goods, and if they are damaged, return them to the supplier. Otherwise restock the shelves.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'Loan application: the applicant submits the application, an underwriter assesses the risk, loans above 250000 need the credit committee to approve them, then the bank pays out the loan.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'A developer writes the code, a reviewer reviews the pull request until it is approved, then the release manager deploys the build.', patterns: ['WCP-10 arbitrary cycles'] },
  { intent: 'Onboarding: HR prepares the contract. Meanwhile IT sets up the laptop. Then the manager welcomes the new hire.', patterns: ['WCP-2 parallel split'] },
  { intent: 'The patient registers at reception, a nurse triages the patient, and if the case is urgent a doctor treats the patient immediately, otherwise the patient books an appointment.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'Insurance claim: the customer files the claim; an adjuster investigates the claim; claims under 1000 are paid automatically; above that a senior adjuster approves the claim too; then the claim is closed.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'Conference talk review: each reviewer scores the paper, then the chair decides on the paper.', patterns: ['WCP-13 multiple instances with design-time knowledge'] },
  { intent: 'Marketing campaign: the marketer drafts the campaign, legal checks the copy and design prepares the visuals in parallel, then the marketer launches the campaign.', patterns: ['WCP-2 parallel split'] },
  { intent: 'Bug fix: QA reports the bug, a developer fixes the bug, and QA tests the fix until it passes, then the release manager releases the patch.', patterns: ['WCP-10 arbitrary cycles'] },
  { intent: 'Customer refund: the customer requests a refund. If the refund is more than 200 dollars, a supervisor approves it. Finance refunds the payment within 5 days.', patterns: ['WCP-4 exclusive choice', 'timer'] },
  { intent: 'Vendor onboarding: procurement registers the vendor, compliance vets the vendor, and if the vendor is eligible procurement signs the contract; otherwise procurement informs the vendor.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'Travel booking: the traveller requests a trip, the travel desk books the flight and reserves the hotel at the same time, then the traveller confirms the itinerary.', patterns: ['WCP-2 parallel split'] },
  { intent: 'Month-end close: accounting reconciles the accounts, the controller reviews the reconciliation, then the CFO signs off the report.', patterns: ['WCP-1 sequence'] },
  { intent: 'Product return: the customer returns the item; the warehouse inspects the item; if it is damaged finance refunds the customer, otherwise the warehouse restocks the item.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'Course enrolment: a student applies, the registrar checks the prerequisites, and if the student is eligible the registrar enrols them.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'Grant proposal: the researcher drafts the proposal, then the research office reviews it until it is complete, then the researcher submits the proposal within 14 days.', patterns: ['WCP-10 arbitrary cycles', 'timer'] },
  { intent: 'Kitchen order: the waiter takes the order, the chef prepares the food, then the waiter serves the food.', patterns: ['WCP-1 sequence'] },
  { intent: 'Change request: the requester raises the change, the change board assesses the change; if the risk is above 7 the CTO approves it too; then an engineer implements the change.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'Event planning: the organiser books the venue. Meanwhile the caterer plans the menu. Then the organiser sends the invitations.', patterns: ['WCP-2 parallel split'] },
  { intent: 'Document translation: a translator translates the document, a proofreader proofreads the translation until it is correct, then the client receives the translation.', patterns: ['WCP-10 arbitrary cycles'] },
  { intent: 'Mortgage: the broker collects the documents; for each document the underwriter verifies it; the lender approves the mortgage.', patterns: ['WCP-13 multiple instances with design-time knowledge'] },
  { intent: 'Expense claim: the employee submits the receipts; claims of at least 500 are approved by the director; accounting pays the claim.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'IT access request: the employee requests access, the manager approves the request within 1 day, then IT grants access.', patterns: ['timer'] },
  { intent: 'Car repair: the mechanic diagnoses the car, the customer approves the quote, and if the customer approves the mechanic repairs the car, otherwise the customer collects the car.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'Recruitment: HR posts the job, then HR shortlists the candidates; for each candidate the panel interviews them; then HR hires the best candidate.', patterns: ['WCP-13 multiple instances with design-time knowledge'] },
  { intent: 'Content moderation: a moderator reviews the post; if the post is suspicious a senior moderator investigates it; then the moderator closes the report.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'Software release: engineering builds the release, QA tests the build and security scans the build in parallel, then operations deploys the release.', patterns: ['WCP-2 parallel split', 'WCP-3 synchronization'] },
  { intent: 'Budget approval: the department head drafts the budget, finance reviews it until it is approved, then the board approves the budget.', patterns: ['WCP-10 arbitrary cycles'] },
  { intent: 'Customer complaint: support logs the complaint within 2 hours, a specialist investigates the complaint, then support replies to the customer within 2 days.', patterns: ['timer'] },
  { intent: 'Sales quote: the sales rep prepares the quote; quotes over 50000 are approved by the sales director; then the sales rep sends the quote to the customer.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'Equipment maintenance: the technician inspects the machine, and if the machine passes, the technician logs the inspection; otherwise the technician repairs the machine.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'Visa application: the applicant fills in the form, the consulate verifies the documents, and the consulate interviews the applicant, then the consulate issues the visa within 10 days.', patterns: ['WCP-1 sequence', 'timer'] },
  { intent: 'Inventory count: for each shelf the clerk counts the stock, then the manager reconciles the inventory.', patterns: ['WCP-13 multiple instances with design-time knowledge'] },
  { intent: 'Wedding photos: the photographer shoots the wedding, edits the photos, and the couple reviews the photos until they are satisfied, then the photographer delivers the album.', patterns: ['WCP-10 arbitrary cycles'] },
  { intent: 'Permit request: the citizen submits the application; if the fee is under 100 the clerk approves it; above that the planning officer approves it; then the clerk issues the permit.', patterns: ['WCP-4 exclusive choice'] },
  { intent: 'New supplier invoice: accounts payable scans the invoice, matches the purchase order, and pays the supplier within 30 days.', patterns: ['timer'] },
];

export interface UnsupportedIntent {
  intent: string;
  /** A part of the reason the planner gives. */
  reason: string;
}

export const UNSUPPORTED_INTENTS: readonly UnsupportedIntent[] = [
  { intent: 'Send the quote to three suppliers and continue with whichever answers first.', reason: 'race between branches' },
  { intent: 'Every monday the team lead reviews the backlog.', reason: 'recurring schedules' },
  { intent: 'Review the draft; if it is bad go back to step 1.', reason: 'numbered steps' },
  { intent: 'Make it good and fast.', reason: 'no steps found' },
  { intent: 'Call the payment API and then email the customer.', reason: 'external services' },
];
