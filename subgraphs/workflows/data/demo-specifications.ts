/**
 * YAWL 4.0 specifications written for the demo tenant: small, but real enough to launch and
 * work through from Sandbox. Seeding parses and verifies them like any upload.
 */
const HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<specificationSet xmlns="http://www.yawlfoundation.org/yawlschema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="4.0">`;

const XS = 'http://www.w3.org/2001/XMLSchema';

const param = (kind: 'inputParam' | 'outputParam' | 'localVariable', name: string, type: string, index: number, initial?: string) =>
  `<${kind}><index>${index}</index><name>${name}</name><type>${type}</type><namespace>${XS}</namespace>${initial === undefined ? '' : `<initialValue>${initial}</initialValue>`}</${kind}>`;

const mapping = (net: string, variable: string) =>
  `<mapping><expression query="&lt;${variable}&gt;{/${net}/${variable}/text()}&lt;/${variable}&gt;"/><mapsTo>${variable}</mapsTo></mapping>`;

const back = (task: string, variable: string) =>
  `<mapping><expression query="&lt;${variable}&gt;{/${task}/${variable}/text()}&lt;/${variable}&gt;"/><mapsTo>${variable}</mapsTo></mapping>`;

const manual = (id: string, inputs: string[], outputs: string[], types: Record<string, string>) =>
  `<decomposition id="${id}" xsi:type="WebServiceGatewayFactsType">${inputs.map((v, i) => param('inputParam', v, types[v]!, i)).join('')}${outputs
    .map((v, i) => param('outputParam', v, types[v]!, i))
    .join('')}<externalInteraction>manual</externalInteraction></decomposition>`;

export const ORDER_FULFILMENT_XML = `${HEADER}
  <specification uri="urn:flowgraph:demo:order-fulfilment">
    <name>Order fulfilment</name>
    <metaData><title>Order fulfilment</title><description>Ordering, approval of large orders, and shipping.</description><version>1.0</version></metaData>
    <schema xmlns="${XS}"/>
    <decomposition id="OrderFulfilment" isRootNet="true" xsi:type="NetFactsType">
      ${param('inputParam', 'customer', 'string', 0)}${param('inputParam', 'amount', 'double', 1)}${param('localVariable', 'approved', 'boolean', 2, 'false')}
      <processControlElements>
        <inputCondition id="start"><flowsInto><nextElementRef id="ReceiveOrder"/></flowsInto></inputCondition>
        <task id="ReceiveOrder"><name>Receive order</name>
          <flowsInto><nextElementRef id="ApproveOrder"/><predicate ordering="0">/OrderFulfilment/amount &gt; 1000</predicate></flowsInto>
          <flowsInto><nextElementRef id="ShipOrder"/><isDefaultFlow/></flowsInto>
          <join code="xor"/><split code="xor"/>
          <startingMappings>${mapping('OrderFulfilment', 'customer')}${mapping('OrderFulfilment', 'amount')}</startingMappings>
          <completedMappings>${back('ReceiveOrder', 'amount')}</completedMappings>
          <decomposesTo id="ReceiveOrder"/>
        </task>
        <task id="ApproveOrder"><name>Approve order</name>
          <flowsInto><nextElementRef id="ShipOrder"/></flowsInto>
          <join code="xor"/><split code="and"/>
          <startingMappings>${mapping('OrderFulfilment', 'amount')}</startingMappings>
          <completedMappings>${back('ApproveOrder', 'approved')}</completedMappings>
          <decomposesTo id="ApproveOrder"/>
        </task>
        <task id="ShipOrder"><name>Ship order</name>
          <flowsInto><nextElementRef id="end"/></flowsInto>
          <join code="xor"/><split code="and"/>
          <startingMappings>${mapping('OrderFulfilment', 'customer')}</startingMappings>
          <decomposesTo id="ShipOrder"/>
        </task>
        <outputCondition id="end"/>
      </processControlElements>
    </decomposition>
    ${manual('ReceiveOrder', ['customer', 'amount'], ['amount'], { customer: 'string', amount: 'double' })}
    ${manual('ApproveOrder', ['amount'], ['approved'], { amount: 'double', approved: 'boolean' })}
    ${manual('ShipOrder', ['customer'], [], { customer: 'string' })}
  </specification>
</specificationSet>
`;

export const CONCERT_XML = `${HEADER}
  <specification uri="urn:flowgraph:demo:organise-concert">
    <name>Organise concert</name>
    <metaData><title>Organise concert</title><description>Book a venue, sell tickets and run the show.</description><version>2.1</version></metaData>
    <schema xmlns="${XS}"/>
    <decomposition id="Concert" isRootNet="true" xsi:type="NetFactsType">
      ${param('localVariable', 'venue', 'string', 0, 'Town Hall')}${param('localVariable', 'ticketsSold', 'long', 1, '0')}
      <processControlElements>
        <inputCondition id="start"><flowsInto><nextElementRef id="BookVenue"/></flowsInto></inputCondition>
        <task id="BookVenue"><name>Book venue</name><flowsInto><nextElementRef id="SellTickets"/></flowsInto><join code="xor"/><split code="and"/>
          <startingMappings>${mapping('Concert', 'venue')}</startingMappings><completedMappings>${back('BookVenue', 'venue')}</completedMappings><decomposesTo id="BookVenue"/></task>
        <task id="SellTickets"><name>Sell tickets</name><flowsInto><nextElementRef id="RunShow"/></flowsInto><join code="xor"/><split code="and"/>
          <completedMappings>${back('SellTickets', 'ticketsSold')}</completedMappings><decomposesTo id="SellTickets"/></task>
        <task id="RunShow"><name>Run show</name><flowsInto><nextElementRef id="end"/></flowsInto><join code="xor"/><split code="and"/><decomposesTo id="RunShow"/></task>
        <outputCondition id="end"/>
      </processControlElements>
    </decomposition>
    ${manual('BookVenue', ['venue'], ['venue'], { venue: 'string' })}
    ${manual('SellTickets', [], ['ticketsSold'], { ticketsSold: 'long' })}
    ${manual('RunShow', [], [], {})}
  </specification>
</specificationSet>
`;
