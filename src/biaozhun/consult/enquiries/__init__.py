"""Enquiries (咨询) to the station and the knowledge base of published answers."""
