from ninja import Router

router = Router(tags=["validity"])
