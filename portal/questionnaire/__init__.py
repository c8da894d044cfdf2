"""Questionnaires as data: schema and loader, flow, routing, Babel extractor. No Flask in model, flow or routing."""
